// The import command's progress line: a rate once something is done, a time left only while some is left.
import { describeProgress } from '../scripts/import-progress';

const started = 1_000_000;

test.each([
  [{ phase: 'store', done: 0, total: 1000, unit: 'rows' }, 'import: store              0 of 1,000 rows  0.5 s'],
  [{ phase: 'store', done: 250, total: 1000, unit: 'rows' }, 'import: store              250 of 1,000 rows  500 rows/s  0.5 s, about 2 s left'],
  [{ phase: 'pairs', done: 1000, total: 1000, unit: 'tallies' }, 'import: compared pairs     1,000 of 1,000 tallies  2,000 tallies/s  0.5 s'],
  [{ phase: 'commit', done: 1, total: 1, unit: 'steps' }, 'import: write to disk      1 of 1 steps  0.5 s'],
  [{ phase: 'summaries', done: 3, total: 19, unit: 'steps' }, 'import: summaries          3 of 19 steps  0.5 s, about 3 s left'],
  [{ phase: 'read', done: 100, total: null, unit: 'rows', fraction: 0.25 }, 'import: read and validate  100 rows (25% of the file)  200 rows/s  0.5 s, about 2 s left'],
] as const)('%j', (p, line) => {
  expect(describeProgress({ ...p, started }, started + 500)).toBe(line);
});
