// npm run export -- [--party=P] [--metric=M] [--kind=K] [--source=S ...] [--from=D] [--to=D] [--q=TEXT] [--bom] [--hxl] > FILE
import { parseArgs } from 'node:util';
import { readConfig } from '../server/config';
import { openDatabase } from '../server/db/connection';
import { createStore } from '../server/db/store';
import { fieldErrors } from '../server/domain/report';
import { ExportQuery } from '../server/domain/queries';
import { exportSnapshot } from '../server/csv/export';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      party: { type: 'string' }, metric: { type: 'string' }, kind: { type: 'string' }, source: { type: 'string', multiple: true },
      from: { type: 'string' }, to: { type: 'string' }, q: { type: 'string' }, bom: { type: 'boolean' }, hxl: { type: 'boolean' },
    },
  });
  // The same schema as GET /api/reports.csv, so the script takes exactly the route's filters.
  const parsed = ExportQuery.safeParse({ ...values, bom: values.bom ? '1' : undefined, hxl: values.hxl ? '1' : undefined });
  if (!parsed.success) {
    for (const [k, m] of Object.entries(fieldErrors(parsed.error.issues))) process.stderr.write(`export: --${k}: ${m.join('; ')}\n`);
    return 2;
  }
  const { bom, hxl, download: _d, sort: _s, ...filter } = parsed.data;
  const db = openDatabase(readConfig().TALLY_DB);
  try {
    const n = await exportSnapshot(createStore(db), filter, process.stdout, { bom, hxl });
    process.stderr.write(`export: ${n} reports\n`);
    return 0;
  } finally {
    db.close();
  }
}

// exitCode, not exit(): a piped stdout must be flushed before the process ends.
main().then((code) => { process.exitCode = code; }, (e: unknown) => {
  process.stderr.write(`export: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
