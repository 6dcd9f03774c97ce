import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelSetFingerprint } from './fingerprint.js';

describe('labelSetFingerprint', () => {
  it("equals the fingerprint a real Alertmanager (0.25, Debian) reports for the same labels", () => {
    // Read back from GET /api/v2/alerts after posting these label sets.
    const cases: { labels: Record<string, string>; fingerprint: string }[] = [
      { labels: { alertname: 'HighLatency', severity: 'critical', instance: 'web-3:9090', job: 'checkout' }, fingerprint: '7d894c84cb798c0c' },
      { labels: { team: 'störage', alertname: 'DiskFull' }, fingerprint: '2d2f1fd57de84f0e' },
      { labels: { alertname: 'A' }, fingerprint: 'd2c6efc389df0927' },
    ];
    for (const { labels, fingerprint } of cases) assert.equal(labelSetFingerprint(labels), fingerprint, JSON.stringify(labels));
  });

  it('ignores label order and tells apart sets that concatenate alike', () => {
    assert.equal(labelSetFingerprint({ a: '1', b: '2' }), labelSetFingerprint({ b: '2', a: '1' }));
    const distinct: Record<string, string>[] = [{}, { a: '1' }, { a: '2' }, { b: '1' }, { a: '1', b: '' }, { ab: '1' }, { a: 'b1' }];
    assert.equal(new Set(distinct.map(labelSetFingerprint)).size, distinct.length);
    assert.match(labelSetFingerprint({}), /^[0-9a-f]{16}$/);
  });
});
