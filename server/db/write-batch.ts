// Group commit: single-report writes that arrive together share one transaction, so one fsync
// (synchronous=FULL) acknowledges many of them. Each write runs in its own savepoint, so one that
// fails leaves the others; every promise settles only after the shared commit, so an acknowledged
// write is on disk.
import type { DB } from './connection';

interface Job { fn: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }

export function createWriteBatcher(db: DB) {
  let queue: Job[] = [];
  let scheduled = false;

  function flush() {
    scheduled = false;
    const jobs = queue;
    queue = [];
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      db.transaction(() => {
        for (const job of jobs) {
          try {
            // A nested better-sqlite3 transaction is a savepoint: a failing write is undone alone.
            outcomes.push({ ok: true, value: db.transaction(job.fn)() });
          } catch (e) {
            outcomes.push({ ok: false, value: e });
          }
        }
      })();
    } catch (e) {
      for (const job of jobs) job.reject(e);
      return;
    }
    jobs.forEach((job, i) => (outcomes[i]!.ok ? job.resolve(outcomes[i]!.value) : job.reject(outcomes[i]!.value)));
  }

  return {
    /** Runs `fn` (synchronous store calls) in the next group commit; resolves once it is committed. */
    run<T>(fn: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  };
}

export type WriteBatcher = ReturnType<typeof createWriteBatcher>;
