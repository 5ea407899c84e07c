/** Index of the last element of an ascending array that is ≤ `value` (0 when none is). */
export function lastIndexAtOrBefore(ascending: readonly number[], value: number): number {
  let lo = 0;
  let hi = ascending.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ascending[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
