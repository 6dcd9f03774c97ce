/**
 * `"errors": true` at the top of an Elasticsearch `_bulk` response (before the items): some
 * items failed although the request was answered 200, so the batch counts as failed.
 */
export function bulkReportsItemErrors(responseExcerpt: string): boolean {
  return /^\s*\{[^[]*?"errors"\s*:\s*true/.test(responseExcerpt);
}
