import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { notifiedGroup, notifiedKeys } from './bench-receiver.js';
import { DeliveryLedger } from './delivery-ledger.js';

// Pure helpers of the benchmark: counting notifications per alert, and reading them.

describe('DeliveryLedger', () => {
  const ledger = (): DeliveryLedger => {
    const l = new DeliveryLedger();
    l.expect('burst', 'a', 0);
    l.expect('burst', 'b', 0);
    l.expect('burst', 'c', 10);
    l.expect('steady', 's', 100);
    return l;
  };

  const cases: Array<{ name: string; deliveries: Array<[string, number]>; expected: { delivered: number; lost: string[]; duplicated: string[]; latenciesMs: number[]; pending: number } }> = [
    { name: 'all once', deliveries: [['a', 40], ['b', 20], ['c', 30]], expected: { delivered: 3, lost: [], duplicated: [], latenciesMs: [20, 20, 40], pending: 0 } },
    { name: 'one lost', deliveries: [['a', 40], ['c', 30]], expected: { delivered: 2, lost: ['b'], duplicated: [], latenciesMs: [20, 40], pending: 1 } },
    {
      name: 'one twice: latency from the first delivery',
      deliveries: [['a', 40], ['b', 20], ['a', 90], ['c', 30]],
      expected: { delivered: 3, lost: [], duplicated: ['a'], latenciesMs: [20, 20, 40], pending: 0 },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const l = ledger();
      for (const [key, at] of c.deliveries) l.record(key, at);
      const outcome = l.outcome(l.keys('burst'));
      assert.deepEqual({ delivered: outcome.delivered, lost: outcome.lost, duplicated: outcome.duplicated, latenciesMs: outcome.latenciesMs, pending: l.pending('burst') }, c.expected);
      assert.equal(l.pending('steady'), 1, 'another group is counted apart');
    });
  }

  it('reports the first send and the last first-delivery of the group', () => {
    const l = ledger();
    for (const [key, at] of [['a', 40], ['b', 20], ['c', 30], ['a', 500]] as const) l.record(key, at);
    const outcome = l.outcome(l.keys('burst'));
    assert.deepEqual([outcome.firstSentAt, outcome.lastDeliveredAt], [0, 40]);
  });

  it('counts notifications for alerts it never sent apart', () => {
    const l = ledger();
    l.record('other-run', 5);
    assert.equal(l.unexpected, 1);
    assert.equal(l.pending('burst'), 3);
  });

  it('refuses a key sent twice by the bench itself', () => assert.throws(() => ledger().expect('steady', 'a', 1), /sent twice by the bench/));
});

describe('notifiedKeys', () => {
  const cases = [
    { name: 'Herald: the incident labels', system: 'herald', body: { type: 'incident.triggered', incident: { labels: { bench_seq: 'burst-10-3', instance: 'x' } } }, expected: ['burst-10-3'] },
    {
      name: 'Alertmanager: every alert of the group',
      system: 'alertmanager',
      body: { version: '4', alerts: [{ status: 'firing', labels: { bench_seq: 'k1' } }, { status: 'firing', labels: { bench_seq: 'k2' } }] },
      expected: ['k1', 'k2'],
    },
    {
      name: 'Herald, group payload version 2: every incident of the group',
      system: 'herald',
      body: { version: 2, groupKey: 'g', alerts: [{ status: 'firing', labels: { bench_seq: 'k1', bench_group: 'g0' } }, { status: 'firing', labels: { bench_seq: 'k2', bench_group: 'g0' } }] },
      expected: ['k1', 'k2'],
    },
    { name: 'labels without the key', system: 'alertmanager', body: { alerts: [{ labels: { alertname: 'Other' } }] }, expected: [] },
  ] as const;
  for (const c of cases) it(c.name, () => assert.deepEqual(notifiedKeys(c.system, c.body), c.expected));
  it('refuses a body that is not the system’s payload', () => {
    assert.throws(() => notifiedKeys('herald', { type: 'incident.triggered' }));
    assert.throws(() => notifiedKeys('alertmanager', { incident: { labels: {} } }));
  });
  it('names the grouped storm group a notification is about', () => {
    assert.equal(notifiedGroup({ alerts: [{ labels: { bench_group: 'grouped-g3' } }] }), 'grouped-g3');
    assert.equal(notifiedGroup({ incident: { labels: {} } }), undefined);
  });
});
