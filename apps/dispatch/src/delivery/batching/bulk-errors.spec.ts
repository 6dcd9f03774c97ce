import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bulkReportsItemErrors } from './bulk-errors.js';

describe('bulkReportsItemErrors: an Elasticsearch _bulk answer of 200 may still carry failed items', () => {
  const cases: Array<[string, boolean]> = [
    ['{"took":30,"errors":false,"items":[{"index":{"status":201}}]}', false],
    ['{"took":30,"errors":true,"items":[{"index":{"status":429}}]}', true],
    ['{ "took": 30, "errors" : true, "items": [] }', true],
    // "errors" inside an item's document does not count: only the top-level flag before the items.
    ['{"took":30,"errors":false,"items":[{"index":{"error":{"reason":"\\"errors\\":true"}}}]}', false],
    ['', false],
    ['ok', false],
  ];
  for (const [excerpt, failed] of cases) {
    it(`${JSON.stringify(excerpt.slice(0, 40))} → ${failed ? 'failed batch' : 'delivered'}`, () => {
      assert.equal(bulkReportsItemErrors(excerpt), failed);
    });
  }
});
