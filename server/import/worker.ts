// The import worker (a worker thread; bundled by scripts/build.mjs into dist/import-worker.js): a
// large import's records are staged and stored here, on a connection of the worker's own, so that the
// server's event loop goes on answering reads — from the last committed state — while the import's
// transaction is open. Messages: in, { records } batches then { end }; out, { progress }, then { result }
// or { error }.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection';
import { createStore } from '../db/store';
import { importRecords } from './engine';
import type { ImportOptions, MappedRecord } from './types';

export interface WorkerData {
  file: string;
  options: Omit<ImportOptions, 'onProgress' | 'beforeCommit' | 'readFraction'>;
  /** Test hook: the worker waits before committing until this shared flag is set (Atomics). */
  hold?: SharedArrayBuffer;
}

export type ToWorker = { records: MappedRecord[] } | { end: true };
export type FromWorker =
  | { progress: import('./types').ImportProgress }
  | { holding: true }
  | { result: import('./types').ImportResult }
  | { error: { name: string; message: string; code?: string; line?: number } };

const port = parentPort!;
const data = workerData as WorkerData;

/** The records as they arrive from the server's thread. */
async function* arriving(): AsyncGenerator<MappedRecord> {
  const queue: ToWorker[] = [];
  let wake: (() => void) | null = null;
  port.on('message', (m: ToWorker) => {
    queue.push(m);
    wake?.();
  });
  for (;;) {
    if (queue.length === 0) await new Promise<void>((resolve) => { wake = resolve; });
    wake = null;
    const m = queue.shift()!;
    if ('end' in m) return;
    yield* m.records;
  }
}

async function main(): Promise<void> {
  const db = openDatabase(data.file, { migrate: false });
  try {
    const result = await importRecords(createStore(db), arriving(), {
      ...data.options,
      onProgress: (progress) => port.postMessage({ progress } satisfies FromWorker),
      beforeCommit: data.hold ? () => {
        port.postMessage({ holding: true } satisfies FromWorker);
        Atomics.wait(new Int32Array(data.hold!), 0, 0);
      } : undefined,
    });
    port.postMessage({ result } satisfies FromWorker);
  } catch (e) {
    const err = e as { name?: string; message?: string; code?: string; line?: number };
    port.postMessage({ error: { name: err.name ?? 'Error', message: err.message ?? String(e), code: err.code, line: err.line } } satisfies FromWorker);
  } finally {
    db.close();
  }
}

void main();
