// Group commit: single-report writes that arrive together share one transaction, so one fsync
// (synchronous=FULL) acknowledges many of them. Each write runs in its own savepoint, so one that
// fails leaves the others; every promise settles only after the shared commit, so an acknowledged
// write is on disk. When a failure makes SQLite roll back the whole transaction (a full disk, an I/O
// error), the writes before it are gone too: they fail with that error, and the writes not yet run
// go on in a new transaction — never in one of their own that the batch would then report as failed.
import type { DB } from './connection';

interface Job { fn: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }

/** The batch's transaction is gone: SQLite rolled it back when a write failed. */
class TransactionLost extends Error {
  constructor(override readonly cause: unknown) {
    super('the transaction was rolled back by SQLite');
  }
}

export function createWriteBatcher(db: DB) {
  let queue: Job[] = [];
  let scheduled = false;

  /** Runs the jobs in one transaction and settles them; returns the jobs not run because the
   *  transaction was lost on the way. */
  function runBatch(jobs: Job[]): Job[] {
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      db.transaction(() => {
        for (const job of jobs) {
          try {
            // A nested better-sqlite3 transaction is a savepoint: a failing write is undone alone.
            outcomes.push({ ok: true, value: db.transaction(job.fn)() });
          } catch (e) {
            outcomes.push({ ok: false, value: e });
            if (!db.inTransaction) throw new TransactionLost(e);
          }
        }
      })();
    } catch (e) {
      if (e instanceof TransactionLost) {
        // Nothing this transaction wrote is stored: each job run in it fails, with its own error or
        // the one that ended the transaction; the jobs after it go on in a new one.
        outcomes.forEach((o, i) => jobs[i]!.reject(o.ok ? e.cause : o.value));
        return jobs.slice(outcomes.length);
      }
      // The commit failed (or the transaction could not begin): nothing of the batch is stored.
      jobs.forEach((job, i) => job.reject(outcomes[i] && !outcomes[i].ok ? outcomes[i].value : e));
      return [];
    }
    jobs.forEach((job, i) => (outcomes[i]!.ok ? job.resolve(outcomes[i]!.value) : job.reject(outcomes[i]!.value)));
    return [];
  }

  function flush() {
    scheduled = false;
    let jobs = queue;
    queue = [];
    while (jobs.length > 0) jobs = runBatch(jobs);
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
