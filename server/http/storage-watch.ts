// Whether the last write failed for want of disk space, for /api/health: full from a refused write
// until a write succeeds again (any write moves the data version, whoever makes it).
import type { Store } from '../db/store';

export function storageWatch(store: Pick<Store, 'dataVersion'>) {
  let fullAtVersion: number | null = null;
  return {
    noteFull(): void {
      fullAtVersion = store.dataVersion();
    },
    isFull(): boolean {
      if (fullAtVersion !== null && store.dataVersion() !== fullAtVersion) fullAtVersion = null;
      return fullAtVersion !== null;
    },
  };
}

export type StorageWatch = ReturnType<typeof storageWatch>;
