import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asMatchers, ago, percent } from './format.js';
import { parseLabels, splitMatchers } from './text.js';

describe('what people type', () => {
  it('splits matchers on commas outside quotes', () => {
    assert.deepEqual(splitMatchers('alertname="DiskFull", instance=~"db-1|db-2"'), ['alertname="DiskFull"', 'instance=~"db-1|db-2"']);
    assert.deepEqual(splitMatchers('summary="a, b", team=db'), ['summary="a, b"', 'team=db']);
    assert.deepEqual(splitMatchers('  '), []);
  });

  it('reads labels, quoted or not, and skips words without a name', () => {
    assert.deepEqual(parseLabels('alertname=DiskFull severity="critical"\nteam=db =x'), { alertname: 'DiskFull', severity: 'critical', team: 'db' });
  });
});

describe('formatting', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  const cases: Array<[string | null, string]> = [
    [null, '—'],
    ['2026-01-01T11:59:58Z', 'just now'],
    ['2026-01-01T11:59:00Z', '1 min ago'],
    ['2026-01-01T11:30:00Z', '30 min ago'],
    ['2026-01-01T09:00:00Z', '3 h ago'],
    ['2025-12-30T12:00:00Z', '2 d ago'],
    ['2026-01-01T12:10:00Z', 'in 10 min'],
  ];
  for (const [iso, expected] of cases) it(`ago(${iso}) → ${expected}`, () => assert.equal(ago(iso, now), expected));

  it('writes labels as matchers and rates as percentages', () => {
    assert.deepEqual(asMatchers({ alertname: 'DiskFull', note: 'say "hi"' }), ['alertname="DiskFull"', 'note="say \\"hi\\""']);
    assert.equal(percent(0.9876), '98.8 %');
    assert.equal(percent(null), '—');
  });
});
