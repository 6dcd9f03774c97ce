import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CanonicalAlert } from './canonical-alert.js';
import { alertChunks, alertsMessageId, CanonicalAlerts, MAX_ALERTS_MESSAGE_CHARS, MAX_ALERTS_PER_MESSAGE } from './canonical-alerts.js';
import { MESSAGES } from './messages.js';
import { canonicalAlert } from './testing/index.js';

let next = 0;
/** A valid alert whose id ends in `tag` (ids must be UUIDs). */
function alert(tag: number, over: Partial<CanonicalAlert> = {}): CanonicalAlert {
  next += 1;
  return canonicalAlert(tag, { summary: `alert ${tag} (${next})`, ...over });
}

const tags = (chunks: CanonicalAlert[][]): number[][] => chunks.map((c) => c.map((a) => Number(a.id.slice(-12))));

describe('alertChunks', () => {
  const [a1, a2, a3, a4] = [1, 2, 3, 4].map((i) => alert(i));
  const g5 = alert(5, { source: 'grafana' });
  const sized = (chars: Record<number, number>) => (a: CanonicalAlert) => chars[Number(a.id.slice(-12))] ?? 10;
  const cases: Array<{ name: string; in: CanonicalAlert[]; maxAlerts?: number; maxChars?: number; size?: Record<number, number>; out: number[][] }> = [
    { name: 'nothing', in: [], out: [] },
    { name: 'one alert: one message', in: [a1!], out: [[1]] },
    { name: 'a request of one source: one message, in order', in: [a3!, a1!, a2!], out: [[3, 1, 2]] },
    { name: 'another source: its own message', in: [a1!, g5, a2!], out: [[1, 2], [5]] },
    { name: 'split at the count bound', in: [a1!, a2!, a3!], maxAlerts: 2, out: [[1, 2], [3]] },
    { name: 'a count bound of one: one message each', in: [a1!, a2!], maxAlerts: 1, out: [[1], [2]] },
    { name: 'split at the size bound', in: [a1!, a2!, a3!, a4!], maxChars: 25, out: [[1, 2], [3, 4]] },
    { name: 'exactly the size bound fits', in: [a1!, a2!, a3!], maxChars: 30, out: [[1, 2, 3]] },
    { name: 'an alert over the size bound travels alone', in: [a1!, a2!, a3!], maxChars: 25, size: { 2: 100 }, out: [[1], [2], [3]] },
    { name: 'a large alert closes the chunk before it', in: [a1!, a2!, a3!], maxChars: 25, size: { 3: 20 }, out: [[1, 2], [3]] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const chunks = alertChunks(c.in, { maxAlerts: c.maxAlerts, maxChars: c.maxChars, ...(c.size ? { size: sized(c.size) } : { size: () => 10 }) });
      assert.deepEqual(tags(chunks), c.out);
      for (const chunk of chunks) {
        // One subject per message, and the caller's own objects.
        assert.equal(new Set(chunk.map((a) => a.source)).size, 1);
        for (const a of chunk) assert.ok(c.in.includes(a));
      }
    });
  }

  it('is deterministic, so a retried request publishes the same messages', () => {
    const request = Array.from({ length: 250 }, (_, i) => alert(i));
    const ids = (chunks: CanonicalAlert[][]) => chunks.map(alertsMessageId);
    assert.deepEqual(ids(alertChunks(request)), ids(alertChunks(request.map((a) => ({ ...a })))));
  });

  it('keeps every alert of a storm, none twice, within both bounds by default (JSON size)', () => {
    const big = { text: 'ü'.repeat(20_000) };
    const storm = Array.from({ length: 1_234 }, (_, i) => alert(i, i % 50 === 0 ? { details: big } : {}));
    const chunks = alertChunks(storm);
    assert.ok(chunks.every((c) => c.length >= 1 && c.length <= MAX_ALERTS_PER_MESSAGE));
    assert.ok(chunks.every((c) => JSON.stringify({ alerts: c }).length <= MAX_ALERTS_MESSAGE_CHARS + 100));
    // The UTF-8 bytes of a message stay under NATS's default 1 MB max_payload.
    assert.ok(chunks.every((c) => Buffer.byteLength(JSON.stringify({ alerts: c })) < 1024 * 1024));
    assert.deepEqual(chunks.flat().map((a) => a.id).sort(), storm.map((a) => a.id).sort());
    assert.ok(chunks.length < storm.length / 10);
  });

  it('refuses bounds below one', () => {
    assert.throws(() => alertChunks([alert(1)], { maxAlerts: 0 }));
    assert.throws(() => alertChunks([alert(1)], { maxChars: 0 }));
  });
});

describe('alertsMessageId', () => {
  const id = (...list: string[]): string => alertsMessageId(list.map((i) => ({ id: i })));
  it('is the alert id for a chunk of one (as the single-alert message had)', () => {
    assert.equal(id('6f9619ff-8b86-4d01-b42d-00cf4fc964ff'), '6f9619ff-8b86-4d01-b42d-00cf4fc964ff');
  });
  it('is the same for the same ids in the same order', () => {
    assert.equal(id('a', 'b', 'c'), id('a', 'b', 'c'));
    assert.match(id('a', 'b'), /^alerts\.2\.[0-9a-f]{28}$/);
  });
  const different: Array<[string[], string[]]> = [
    [['a', 'b'], ['a', 'c']],
    [['a', 'b'], ['b', 'a']],
    [['a', 'b'], ['a', 'b', 'c']],
    [['a.b', 'c'], ['a', 'b.c']],
  ];
  for (const [x, y] of different) {
    it(`differs for ${JSON.stringify(x)} and ${JSON.stringify(y)}`, () => assert.notEqual(id(...x), id(...y)));
  }
  it('refuses an empty chunk', () => {
    assert.throws(() => alertsMessageId([]));
  });
});

describe('CanonicalAlerts schema', () => {
  const one = alert(1);
  const cases: Array<{ name: string; wire: unknown; alerts?: string[] }> = [
    { name: 'a batch', wire: { alerts: [one, alert(2)] }, alerts: [one.id, alert(2).id] },
    { name: 'a batch of one', wire: { alerts: [one] }, alerts: [one.id] },
    { name: 'the single alert of earlier versions, as a batch of one', wire: one, alerts: [one.id] },
    { name: 'not an empty batch', wire: { alerts: [] } },
    { name: 'not a batch over the bound', wire: { alerts: Array.from({ length: MAX_ALERTS_PER_MESSAGE + 1 }, (_, i) => alert(i)) } },
    { name: 'not a batch with a bad alert', wire: { alerts: [one, { ...alert(2), severity: 'huge' }] } },
    { name: 'not a batch of two sources', wire: { alerts: [one, alert(2, { source: 'grafana' })] } },
    { name: 'not a bad single alert', wire: { ...one, dedupKey: '' } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const parsed = CanonicalAlerts.safeParse(JSON.parse(JSON.stringify(c.wire)));
      if (!c.alerts) return assert.equal(parsed.success, false);
      assert.ok(parsed.success, parsed.error?.message);
      assert.deepEqual(
        parsed.data.alerts.map((a) => a.id),
        c.alerts,
      );
    });
  }

  it('derives the subject and id of a message from its alerts', () => {
    const def = MESSAGES.canonicalAlerts;
    const lone = [alert(9, { source: 'grafana' })];
    assert.equal(def.subject({ alerts: lone }), 'alerts.normalised.grafana');
    assert.equal(def.id({ alerts: lone }), lone[0]!.id);
    const two = [one, alert(2)];
    assert.equal(def.subject({ alerts: two }), 'alerts.normalised.alertmanager');
    assert.equal(def.id({ alerts: two }), alertsMessageId(two));
    assert.equal(def.stream, 'ALERTS');
    assert.equal(def.validateOnPublish, true);
  });
});
