// The import command's progress: each phase (read and validate, store, indexes, summaries, compared
// pairs, write to disk) with what is done, how fast (rows a second; steps are too unequal for a rate)
// and how long is left, on one updating line in a terminal and as plain lines otherwise.
import type { ImportProgress } from '../server/import/types';

const PHASES: Record<ImportProgress['phase'], string> = { read: 'read and validate', store: 'store', index: 'indexes', summaries: 'summaries', pairs: 'compared pairs', commit: 'write to disk', done: 'done' };

export function describeProgress(p: ImportProgress, now = Date.now()): string {
  const seconds = Math.max(0.001, (now - p.started) / 1000);
  const rate = p.done / seconds;
  const n = (x: number) => Math.round(x).toLocaleString('en');
  let left: number | null = null;
  if (p.total !== null && p.done > 0 && p.done < p.total) left = (p.total - p.done) / rate;
  else if (p.fraction !== undefined && p.fraction > 0 && p.fraction < 1) left = seconds * (1 - p.fraction) / p.fraction;
  return [
    `import: ${PHASES[p.phase].padEnd(17)}`,
    p.total !== null ? `${n(p.done)} of ${n(p.total)} ${p.unit}` : `${n(p.done)} ${p.unit}${p.fraction !== undefined ? ` (${Math.round(p.fraction * 100)}% of the file)` : ''}`,
    // A rate once something is done (steps are too unequal for one).
    ...(p.unit === 'steps' || p.done === 0 ? [] : [`${n(rate)} ${p.unit}/s`]),
    left === null ? `${seconds.toFixed(1)} s` : `${seconds.toFixed(1)} s, about ${Math.ceil(left)} s left`,
  ].join('  ');
}

/** A progress printer: in a terminal one line rewritten in place (a new line for each phase); elsewhere
 *  a line per phase change and at most one every `everyMs` within a phase. */
export function progressPrinter(out: NodeJS.WriteStream, everyMs = 2000): { tell(p: ImportProgress): void; end(): void } {
  let phase: string | null = null;
  let last = 0;
  return {
    tell(p) {
      const now = Date.now();
      const changed = p.phase !== phase;
      if (out.isTTY) {
        out.write(`${changed && phase !== null ? '\n' : '\r\u001b[2K'}${describeProgress(p, now)}`);
      } else if (changed || now - last >= everyMs) {
        out.write(`${describeProgress(p, now)}\n`);
        last = now;
      }
      phase = p.phase;
    },
    end() {
      if (out.isTTY && phase !== null) out.write('\n');
    },
  };
}
