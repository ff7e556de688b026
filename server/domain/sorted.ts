// Binary search over sorted arrays (numbers, or strings in JavaScript's order of UTF-16 units, which
// is code-point order for the ISO days and ASCII keys searched here): the one copy the running total,
// the nearest-tally rule and the search planner share.

/** Index of the first element of the sorted `arr` that is > `key`. */
export function upperBound<T extends string | number>(arr: readonly T[], key: T): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element of the sorted `arr` that is ≥ `key`. */
export function lowerBound<T extends string | number>(arr: readonly T[], key: T): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether the sorted `arr` holds `key`. */
export function sortedHas<T extends string | number>(arr: readonly T[], key: T): boolean {
  const i = lowerBound(arr, key);
  return i < arr.length && arr[i] === key;
}
