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

  it('equals a BigInt FNV-1a 64 over TextEncoder bytes for random label sets (ASCII, 2-, 3- and 4-byte UTF-8, lone surrogates)', () => {
    const alphabet = ['a', 'Z', '_', '0', ' ', '=', 'é', 'ß', '€', '中', '😀', '\ud800', '\udc00', '\u007f', '\u0080', '\u07ff', '\u0800', '\uffff'];
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed % n;
    };
    const text = (): string => Array.from({ length: random(12) }, () => alphabet[random(alphabet.length)]).join('');
    for (let i = 0; i < 500; i++) {
      const labels: Record<string, string> = {};
      for (let j = random(5); j > 0; j--) labels[`l${random(50)}`] = text();
      assert.equal(labelSetFingerprint(labels), referenceFingerprint(labels), JSON.stringify(labels));
    }
  });

/** The definition, slowly: BigInt arithmetic over TextEncoder's bytes. */
function referenceFingerprint(labels: Record<string, string>): string {
  const encoder = new TextEncoder();
  let hash = 14695981039346656037n;
  const add = (bytes: Iterable<number>): void => {
    for (const byte of bytes) hash = ((hash ^ BigInt(byte)) * 1099511628211n) & ((1n << 64n) - 1n);
  };
  for (const name of Object.keys(labels).sort()) {
    add(encoder.encode(name));
    add([0xff]);
    add(encoder.encode(labels[name]));
    add([0xff]);
  }
  return hash.toString(16).padStart(16, '0');
}
});
