/**
 * The usernames `seed-bulk` gives: fixed width, so key order is index order and a prefix such as
 * `bulk_00001` selects ten consecutive users whatever the total.
 */
export function bulkUsername(index: number): string {
  return `bulk_${String(index).padStart(7, '0')}`;
}
