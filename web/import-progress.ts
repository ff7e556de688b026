// The import's progress in the import dialog: the upload's share of the file, then, while the server
// stores it, the server's phases (reading and checking, storing, bringing the figures up to date) with
// how far each is and the time left, as GET /api/import/progress tells them.
import { writeApi, type ImportProgress } from './api';
import { h, replace } from './dom';
import { formatNumber } from './format';

const PHASES: Record<string, string> = { read: 'Reading and checking the rows', store: 'Storing the reports', index: 'Indexing the reports and writing their history', summaries: 'Bringing the figures up to date', pairs: 'Comparing the sources’ tallies', commit: 'Writing to disk', done: 'Done' };
const POLL_MS = 700;

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;

function serverLine(p: Extract<ImportProgress, { running: true }>): { text: string; share: number | null } {
  const of = p.total !== null ? ` of ${formatNumber(p.total)}` : '';
  const unit = p.unit === 'steps' ? 'steps' : p.unit;
  const left = p.seconds_left !== null && p.done < (p.total ?? 0) ? `, about ${p.seconds_left} s to go` : '';
  const share = p.total ? p.done / p.total : p.fraction ?? null;
  return { text: `${PHASES[p.phase] ?? p.phase}: ${formatNumber(p.done)}${of} ${unit}${left}`, share };
}

/** Shows the progress of one import in `slot` until `stop()`. */
export function importProgress(slot: HTMLElement, fileName: string): { onUpload: (sent: number, total: number) => void; stop: () => void } {
  const bar = h('progress', { max: '1', id: 'im-progress-bar' }) as HTMLProgressElement;
  const line = h('p', { id: 'im-progress-text', role: 'status', 'aria-live': 'polite' });
  replace(slot, bar, line);
  slot.hidden = false;
  let timer: number | null = null;
  let stopped = false;
  const show = (text: string, share: number | null) => {
    line.textContent = text;
    if (share === null) bar.removeAttribute('value');
    else bar.value = Math.min(1, Math.max(0, share));
  };
  const poll = async () => {
    try {
      const p = await writeApi.importProgress();
      if (stopped) return;
      if (p.running) {
        const s = serverLine(p);
        show(s.text, s.share);
      }
    } catch {
      // A missed poll is shown by the next one; the import's own answer says how it ended.
    }
    if (!stopped) timer = window.setTimeout(() => void poll(), POLL_MS);
  };
  show(`Sending ${fileName}…`, 0);
  return {
    onUpload(sent, total) {
      if (stopped) return;
      if (total > 0 && sent < total) {
        show(`Sending ${fileName}: ${megabytes(sent)} of ${megabytes(total)}`, sent / total);
        return;
      }
      // The file is sent: the server reads and stores it now.
      show(`${PHASES.read}…`, null);
      if (timer === null) timer = window.setTimeout(() => void poll(), POLL_MS);
    },
    stop() {
      stopped = true;
      if (timer !== null) window.clearTimeout(timer);
      // A newer import's progress may hold the slot now: only this one's own is hidden.
      if (bar.isConnected) slot.hidden = true;
    },
  };
}
