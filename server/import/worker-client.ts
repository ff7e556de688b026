// Runs an import in the import worker (worker.ts): the records are sent in batches as they are read,
// progress comes back, and the answer or the error. The worker is the bundle dist/import-worker.js,
// built with the dashboard by `npm run build` (which `npm start` and `npm test` run first).
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { FromWorker, WorkerData } from './worker';
import type { ImportOptions, ImportResult, MappedRecord } from './types';
import { fromRoot } from '../paths';

export const WORKER_FILE = fromRoot('dist', 'import-worker.js');
const BATCH = 2000;

/** An error the worker met, as it was thrown there (a CsvFormatError keeps its line). */
export class WorkerImportError extends Error {
  constructor(readonly info: { name: string; message: string; code?: string; line?: number }) {
    super(info.message);
    this.name = info.name;
  }
  get code() { return this.info.code; }
  get line() { return this.info.line; }
}

export async function importInWorker(
  file: string,
  records: AsyncIterable<MappedRecord>,
  opts: ImportOptions & { hold?: SharedArrayBuffer; onHolding?: () => void },
): Promise<ImportResult> {
  if (!fs.existsSync(WORKER_FILE)) throw new Error(`the import worker is not built (${WORKER_FILE}): run npm run build`);
  const { onProgress, beforeCommit: _b, readFraction, hold, onHolding, ...options } = opts;
  const worker = new Worker(WORKER_FILE, { workerData: { file, options, hold } satisfies WorkerData });
  const done = new Promise<ImportResult>((resolve, reject) => {
    worker.on('message', (m: FromWorker) => {
      if ('progress' in m) onProgress?.({ ...m.progress, fraction: m.progress.phase === 'read' ? readFraction?.() : m.progress.fraction });
      else if ('holding' in m) onHolding?.();
      else if ('result' in m) resolve(m.result);
      else reject(new WorkerImportError(m.error));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`the import worker stopped (exit ${code})`)));
  });
  try {
    let batch: MappedRecord[] = [];
    for await (const record of records) {
      batch.push(record);
      if (batch.length >= BATCH) {
        worker.postMessage({ records: batch });
        batch = [];
      }
    }
    worker.postMessage({ records: batch });
    worker.postMessage({ end: true });
  } catch (e) {
    // The file could not be read to its end (malformed, too large, the client went): nothing is stored.
    await worker.terminate();
    done.catch(() => undefined);
    throw e;
  }
  try {
    return await done;
  } finally {
    await worker.terminate();
  }
}
