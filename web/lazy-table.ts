// A chart's data table sits in a closed disclosure and can hold thousands of rows: it is built when
// the reader opens it (or at once when it is open), not on every load.
import { byId, replace } from './dom';

const pendingTables = new Map<string, () => HTMLElement>();
const wiredTables = new Set<string>();

export function fillWhenOpen(id: string, build: () => HTMLElement): void {
  const box = byId(id);
  const details = box.closest('details');
  pendingTables.delete(id);
  if (!details || details.open) {
    replace(box, build());
    return;
  }
  replace(box);
  pendingTables.set(id, build);
  if (wiredTables.has(id)) return;
  wiredTables.add(id);
  details.addEventListener('toggle', () => {
    const pending = pendingTables.get(id);
    if (!details.open || !pending) return;
    pendingTables.delete(id);
    replace(box, pending());
  });
}
