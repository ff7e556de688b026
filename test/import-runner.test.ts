// The server's import runner takes one import at a time: a second one, while the first is still being
// read, is refused (503 busy over HTTP); before, its end cleared the first's progress, and with it the
// busy answer that keeps other writes from waiting on the database the first holds.
import { importRunner } from '../server/http/import-runner';
import { ApiError } from '../server/http/errors';
import type { MappedRecord } from '../server/import/types';
import { ReportInput } from '../server/domain/report';
import { incident, testApp, type TestApp } from './helpers';

let t: TestApp;
beforeAll(() => { t = testApp(); });
afterAll(() => t.close());

const record = (line: number): MappedRecord => ({ ok: true, line, input: ReportInput.parse(incident({ value: line })) });

test('a second import while the first is read is refused; the first goes on and is stored', async () => {
  const runner = importRunner(t.store, { bulkRows: 1000 });
  let letGo: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => { letGo = resolve; });
  async function* slow(): AsyncGenerator<MappedRecord> {
    yield record(2);
    await gate;
    yield record(3);
  }
  const first = runner.run(slow(), { who: 'test' });
  await new Promise((resolve) => setImmediate(resolve));

  async function* quick(): AsyncGenerator<MappedRecord> { yield record(9); }
  // Before: it was stored, and its end cleared the first import's progress.
  await expect(runner.run(quick(), { who: 'test' })).rejects.toEqual(new ApiError('busy', 'Another import is being stored, so this file was not; send it again when that one is done.'));

  letGo();
  expect(await first).toMatchObject({ inserted: 2, updated: 0, unchanged: 0, rejected: [] });
  expect(runner.current()).toBeNull();
  expect(t.db.prepare('SELECT value FROM reports ORDER BY id').pluck().all()).toEqual([2, 3]);
});
