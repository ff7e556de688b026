// The reads' part of the benchmark: each read timed after a write to the same party and metric (so its
// answer is computed afresh, as during a news spike with writes coming in), then repeated with no write
// between (the answer cache), and the revalidation path of the series (304).
import { get, post, quantile, type Row } from './measure';

export interface Busiest { party: string; metric: string; n: number; topIncidentSource: string; tallySource: string | null; periodStart: string | null }

export async function measureReads(port: number, busiest: Busiest, readsN: number): Promise<Row[]> {
  const table: Row[] = [];
  const pm = `party=${encodeURIComponent(busiest.party)}&metric=${busiest.metric}`;
  const reads: [string, string, number][] = [
    ['GET /api/series (busiest party and metric)', `/api/series?${pm}`, 50],
    ['GET /api/series with a count_source', `/api/series?${pm}&count_source=${encodeURIComponent(busiest.topIncidentSource)}`, 50],
    ['GET /api/compare', `/api/compare?${pm}`, 50],
    ['GET /api/disagreements (first page of pairs and of groups)', `/api/disagreements?${pm}`, 50],
    ['GET /api/events (first page)', `/api/events?${pm}`, 50],
    ['GET /api/reports, two filters, offset 10,000', `/api/reports?${pm}&offset=10000`, 30],
    ['GET /api/reports?q=a word', '/api/reports?q=artillery', 50],
    ['GET /api/facets', '/api/facets', 20],
  ];
  // Writes to the busiest party and metric, incidents and tallies by turns (a tally brings its
  // series' compared pairs up to date in the write's own transaction).
  let written = 0;
  const touch = async () => {
    written++;
    const tally = busiest.tallySource !== null && written % 2 === 0;
    const body = JSON.stringify(tally
      ? { source: busiest.tallySource, party: busiest.party, metric: busiest.metric, kind: 'tally', date: '2024-12-30', period_start: busiest.periodStart, value: 100000 + written, notes: `touch ${written}` }
      : { source: 'Bench reader', party: busiest.party, metric: busiest.metric, kind: 'incident', date: '2024-06-01', value: 1, notes: `touch ${written}` });
    const a = await post(port, '/api/reports', body);
    if (a.status !== 201) throw new Error(`touch: ${a.status} ${a.body}`);
    return a.ms;
  };
  const writeMs: number[] = [];
  for (const [name, url, target] of reads) {
    const cold = await get(port, url);
    if (cold.status !== 200) throw new Error(`${url}: ${cold.status}`);
    for (let i = 0; i < 3; i++) await get(port, url);
    const fresh: number[] = [];
    for (let i = 0; i < readsN; i++) {
      writeMs.push(await touch());
      fresh.push((await get(port, url)).ms);
    }
    const repeat: number[] = [];
    for (let i = 0; i < readsN; i++) repeat.push((await get(port, url)).ms);
    const p95 = quantile(fresh, 0.95);
    table.push({ measure: `${name} (${(cold.bytes / 1024).toFixed(0)} KB; first ${cold.ms.toFixed(0)} ms), each after a write`, median: quantile(fresh, 0.5).toFixed(1), p95: p95.toFixed(1), target: `p95 ≤ ${target} ms`, ok: p95 <= target });
    table.push({ measure: `${name}, repeated with no write between`, median: quantile(repeat, 0.5).toFixed(1), p95: quantile(repeat, 0.95).toFixed(1), target: '(measured)', ok: null });
    if (url === `/api/series?${pm}`) {
      const ms304: number[] = [];
      const tag = (await get(port, url)).etag ?? '';
      for (let i = 0; i < readsN; i++) {
        const a = await get(port, url, { 'If-None-Match': tag });
        if (a.status !== 304) throw new Error(`expected 304, got ${a.status}`);
        ms304.push(a.ms);
      }
      table.push({ measure: 'GET /api/series revalidated (If-None-Match → 304)', median: quantile(ms304, 0.5).toFixed(1), p95: quantile(ms304, 0.95).toFixed(1), target: '(measured)', ok: null });
    }
  }
  table.push({ measure: 'POST /api/reports to the busiest party and metric (the writes above, incidents and tallies)', median: quantile(writeMs, 0.5).toFixed(1), p95: quantile(writeMs, 0.95).toFixed(1), target: '(measured)', ok: null });
  return table;
}
