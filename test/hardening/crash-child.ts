// The writer that crash.test.ts kills with SIGKILL. It writes through the same modules as the server:
// single reports (store.insertReport, store.updateReport) and whole CSV imports (importCsv, one
// transaction), and prints one line on stdout after each commit returns. stdout is a pipe, which Node
// writes synchronously on Linux, so a line the parent has read is a write that was committed.
//   ready                          the database is open
//   ack <id> <revision>            a single write committed
//   import-start <marker> <rows>   an import of <rows> rows, each with notes = <marker>, begins
//   import-in-tx <marker>          its transaction has begun (printed from inside it)
//   import-ack <marker> <rows>     it committed
// Usage: node crash-child.js <db file> <seed>
import { openDatabase } from '../../server/db/connection';
import { createStore } from '../../server/db/store';
import { createWriteBatcher } from '../../server/db/write-batch';
import { importCsv } from '../../server/csv/import';

const [file, seedArg] = process.argv.slice(2);
if (!file) throw new Error('usage: crash-child <db file> <seed>');
let seed = Number(seedArg ?? 1) >>> 0;
const rand = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 4294967296;
};
const say = (line: string) => process.stdout.write(`${line}\n`);

const db = openDatabase(file);
const store = createStore(db);
const batch = createWriteBatcher(db);
// Announce the import's transaction from inside it, so the parent can aim a kill into it (an import
// holds the write lock from its start: store.writeTransaction).
let marker = '';
const writeTransaction = store.writeTransaction.bind(store);
store.writeTransaction = <T>(fn: () => T): T => writeTransaction(() => {
  say(`import-in-tx ${marker}`);
  return fn();
});

const HEADER = 'id,date,date_precision,period_start,source,via,party,metric,kind,value,qualifier,low,high,location,event,reported_on,url,quote,notes';
const acked: number[] = [];

async function main(): Promise<void> {
  say('ready');
  for (let i = 0; ; i++) {
    // Bursts of 20 single writes (about 1 ms each) between imports (100–300 ms each, parse and transaction).
    if (i % 21 === 20) {
      marker = `batch-${process.pid}-${Date.now()}-${i}`;
      const rows = 200 + Math.floor(rand() * 400);
      const lines = [HEADER];
      for (let j = 0; j < rows; j++) {
        lines.push(`,2021-${String(1 + (j % 12)).padStart(2, '0')}-${String(1 + (j % 28)).padStart(2, '0')},day,,Crash ${j},,Civilians,killed,incident,${j},exact,,,eastern Ukraine,,,,row ${j} of an import,${marker}`);
      }
      say(`import-start ${marker} ${rows}`);
      const result = await importCsv(store, lines.join('\r\n'), { who: 'crash' });
      if (result.inserted !== rows) throw new Error(`import stored ${result.inserted} of ${rows}`);
      say(`import-ack ${marker} ${rows}`);
      continue;
    }
    if (acked.length > 0 && rand() < 0.3) {
      const id = acked[Math.floor(rand() * acked.length)]!;
      const r = await batch.run(() => store.updateReport(id, {
        source: 'Crash', party: 'Civilians', metric: 'killed', kind: 'incident', date: '2021-06-01',
        date_precision: 'day', qualifier: 'exact', value: Math.floor(rand() * 1e6),
      }, 'crash'));
      if (r.status === 'ok') say(`ack ${id} ${r.report.revision}`);
      continue;
    }
    // Single writes go through the server's group commit, a few at once: each is acknowledged only
    // when its promise settles, after the shared commit.
    const pending = Array.from({ length: 4 }, (_, k) => batch.run(() => store.insertReport({
      source: 'Crash', party: 'Civilians', metric: 'killed', kind: 'incident', date: '2021-06-01',
      date_precision: 'day', qualifier: 'exact', value: Math.floor(rand() * 1e6), notes: `single ${i}-${k}`,
    }, 'crash')));
    for (const report of await Promise.all(pending)) {
      acked.push(report.id);
      say(`ack ${report.id} ${report.revision}`);
    }
    // Let the event loop breathe now and then (the parent's kill does not need it, but stdout does).
    if (i % 50 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`crash-child: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(2);
});
