// The export's and the writes' parts of the benchmark: GET /api/reports.csv against `sqlite3 -csv` of the
// same query (and the server's memory meanwhile); 20 clients POSTing against single-row commits.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { REPORT_INPUT_FIELDS } from '../../server/domain/report';
import { openDatabase } from '../../server/db/connection';
import { agent, get, post, rssMb, type Row } from './measure';

const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;

export async function measureExport(port: number, serverPid: number, dbFile: string): Promise<Row[]> {
  const cols = ['id', ...REPORT_INPUT_FIELDS].join(', ');
  const cliRun = () => {
    const t1 = Date.now();
    const cli = spawnSync('sh', ['-c', `sqlite3 -csv -header '${dbFile}' "SELECT ${cols} FROM reports WHERE deleted = 0 ORDER BY date, id" > /dev/null`]);
    if (cli.status !== 0) throw new Error(`sqlite3 failed: ${cli.stderr}`);
    // spawnSync held the event loop past the server's keep-alive timeout: drop the idle sockets,
    // which the server has closed, or the next request fails with "socket hang up".
    agent.destroy();
    return (Date.now() - t1) / 1000;
  };
  const before = rssMb(serverPid);
  let peak = before;
  const watch = setInterval(() => { peak = Math.max(peak, rssMb(serverPid)); }, 50);
  const appRun = async () => {
    const t0 = Date.now();
    const exp = await get(port, '/api/reports.csv');
    if (exp.status !== 200) throw new Error(`export: ${exp.status}`);
    return { secs: (Date.now() - t0) / 1000, bytes: exp.bytes };
  };
  // Warm-ups: the first pass of either reads the file into the page cache and (the app) warms the JIT;
  // the machine is shared and noisy, so each side is then timed twice, alternating.
  cliRun();
  await appRun();
  const appTimes: number[] = [];
  const cliTimes: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 2; i++) {
    const a = await appRun();
    appTimes.push(a.secs);
    bytes = a.bytes;
    cliTimes.push(cliRun());
  }
  clearInterval(watch);
  const ratio = mean(cliTimes) / mean(appTimes);
  return [
    { measure: `export ${(bytes / 1e6).toFixed(0)} MB: GET /api/reports.csv vs sqlite3 -csv (mean of 2 each)`, figure: `${appTimes.map((x) => x.toFixed(1)).join(', ')} s vs ${cliTimes.map((x) => x.toFixed(1)).join(', ')} s = ${ratio.toFixed(2)}`, target: '≥ 0.5', ok: ratio >= 0.5 },
    { measure: 'export: server RSS growth (peak over the three exports)', figure: `${(peak - before).toFixed(0)} MB`, target: '≤ 100 MB', ok: peak - before <= 100 },
  ];
}

export async function measureWrites(port: number, dbFile: string, dir: string, seconds: number): Promise<Row[]> {
  const acked: number[] = [];
  let errors = 0;
  const until = Date.now() + seconds * 1000;
  const client = async (c: number) => {
    let i = 0;
    while (Date.now() < until) {
      const body = JSON.stringify({ source: `Writer ${c}`, party: 'Bench party', metric: 'killed', kind: 'incident', date: '2024-01-01', value: i++ });
      const a = await post(port, '/api/reports', body);
      if (a.status === 201) acked.push((JSON.parse(a.body) as { id: number }).id);
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: 20 }, (_, c) => client(c)));
  const check = new Database(dbFile, { readonly: true });
  // Each acknowledged id, looked up (a kept database holds an earlier run's writes too).
  const found = check.prepare(`SELECT count(*) FROM reports WHERE party = 'Bench party' AND deleted = 0 AND id IN (SELECT value FROM json_each(?))`)
    .pluck().get(JSON.stringify(acked)) as number;
  check.close();
  const appRate = acked.length / seconds;
  // Baseline: single-row commits of a report and its revision, same synchronous setting.
  const baseFile = path.join(dir, 'writes-baseline.db');
  for (const f of [baseFile, `${baseFile}-wal`, `${baseFile}-shm`]) fs.rmSync(f, { force: true });
  const base = openDatabase(baseFile);
  const ins = base.prepare(`INSERT INTO reports (source, party, metric, kind, date, value, created_at, updated_at) VALUES (?, 'Bench party', 'killed', 'incident', '2024-01-01', ?, ?, ?)`);
  const rev = base.prepare(`INSERT INTO revisions (report_id, revision, action, who, at, snapshot) VALUES (?, 1, 'create', 'baseline', ?, ?)`);
  const commit = base.transaction((i: number) => {
    const now = new Date().toISOString();
    const id = Number(ins.run(`Writer ${i % 20}`, i, now, now).lastInsertRowid);
    rev.run(id, now, JSON.stringify({ id, value: i }));
  });
  let commits = 0;
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) commit(commits++);
  base.close();
  const baseRate = commits / seconds;
  const ratio = appRate / baseRate;
  return [{ measure: `writes: 20 clients POSTing for ${seconds} s vs single-row commits (synchronous=FULL)`, figure: `${appRate.toFixed(0)} vs ${baseRate.toFixed(0)} /s = ${ratio.toFixed(2)}; ${errors} errors; ${found}/${acked.length} acknowledged found`, target: '≥ 0.5, no error, all found', ok: ratio >= 0.5 && errors === 0 && found === acked.length }];
}
