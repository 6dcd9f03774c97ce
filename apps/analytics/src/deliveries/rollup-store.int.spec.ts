import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import type { DeliveryOutcome } from '@herald/contracts';
import { deliveryOutcome } from '@herald/contracts/testing';
import { dropSchema, openDataSource } from '@herald/persistence';
import { ANALYTICS_MIGRATIONS } from './analytics.migrations.js';
import { totalsBy } from './domain/delivery-figures.js';
import { RollupStore } from './rollup-store.js';

// Real PostgreSQL; a schema of its own per run.
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/herald';
const schema = `${(process.env.HERALD_TEST_RUN_ID ?? 't').toLowerCase().replace(/[^a-z0-9_]/g, '')}_analytics_${randomBytes(3).toString('hex')}`;

function outcome(n: number, over: Partial<DeliveryOutcome> = {}): DeliveryOutcome {
  return deliveryOutcome({ id: `job-${n}.1`, durationMs: n, attemptedAt: new Date().toISOString(), ...over });
}

describe('RollupStore against a real PostgreSQL', () => {
  let dataSource: DataSource;
  let store: RollupStore;

  before(async () => {
    dataSource = await openDataSource({ url: DATABASE_URL, schema, poolSize: 8, migrations: ANALYTICS_MIGRATIONS, applicationName: 'analytics-test' });
    store = new RollupStore(dataSource);
  });

  after(async () => {
    await dataSource?.destroy();
    await dropSchema(DATABASE_URL, schema);
  });

  async function totals(receiverId = 'ops') {
    const from = new Date(Date.now() - 86_400_000);
    return totalsBy(await store.totals(from, receiverId), await store.buckets(from, receiverId), () => '').get('');
  }

  it('folds a batch into the rollups and reports every outcome as new', async () => {
    const fresh = await store.record([1, 2, 3].map((n) => outcome(n)));
    assert.equal(fresh.length, 3);
    const t = await totals();
    assert.equal(t?.delivered, 3);
    assert.equal(t?.latencySumMs, 6);
    assert.equal(t?.latencyMinMs, 1);
    assert.equal(t?.latencyMaxMs, 3);
    assert.equal([...(t?.buckets.values() ?? [])].reduce((a, b) => a + b, 0), 3);
  });

  it('ignores outcomes it has seen, in a later batch or twice in one batch', async () => {
    const fresh = await store.record([outcome(2), outcome(3), outcome(4), outcome(4)]);
    assert.deepEqual(fresh.map((o) => o.id), ['job-4.1']);
    const t = await totals();
    assert.equal(t?.delivered, 4);
    assert.equal(t?.events, 4);
    assert.equal(t?.latencySumMs, 10);
  });

  it('counts each outcome once when replicas record overlapping batches at the same time', async () => {
    const batch = Array.from({ length: 50 }, (_, i) => outcome(100 + i, { receiverId: 'race' }));
    const results = await Promise.all([
      store.record(batch),
      store.record([...batch].reverse()),
      store.record(batch.slice(10, 40)),
      store.record(batch.slice(25)),
    ]);
    assert.equal(results.reduce((sum, r) => sum + r.length, 0), 50, 'every outcome is new to exactly one writer');
    const t = await totals('race');
    assert.equal(t?.delivered, 50);
    assert.equal([...(t?.buckets.values() ?? [])].reduce((a, b) => a + b, 0), 50);
  });

  it('keeps hours apart and prunes what is past retention', async () => {
    const old = new Date(Date.now() - 10 * 86_400_000).toISOString();
    await store.record([outcome(900, { receiverId: 'old', attemptedAt: old })]);
    assert.equal(await totals('old'), undefined, 'outside the last day');
    const all = await store.totals(new Date(Date.now() - 30 * 86_400_000), 'old');
    assert.equal(all[0]?.totals.delivered, 1);
    const removed = await store.prune(new Date(0), new Date(Date.now() - 5 * 86_400_000));
    assert.equal(removed.rollups, 1);
    assert.deepEqual(await store.totals(new Date(0), 'old'), []);
    assert.deepEqual(await store.buckets(new Date(0), 'old'), []);
  });
});
