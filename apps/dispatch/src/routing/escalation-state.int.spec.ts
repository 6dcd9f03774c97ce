import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { secretsKeyringOf } from '@herald/config';
import { JetStreamConnection, provisionStreams, Publisher, removeStreams, Topology } from '@herald/messaging';
import { createLogger, Registry } from '@herald/observability';
import { dropSchema, openDataSource } from '@herald/persistence';
import { DISPATCH_MIGRATIONS } from '../dispatch.migrations.js';
import { ConfigCache } from '../receivers/config-cache.js';
import { ConfigStore } from '../receivers/config-store.js';
import type { EscalationChange } from './domain/index.js';
import { EscalationScheduler } from './escalation-scheduler.js';
import { EscalationStore } from './escalation-store.js';

// Real PostgreSQL and JetStream: two schedulers on one database stand for two dispatch replicas.
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/herald';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const RUN = (process.env.HERALD_TEST_RUN_ID ?? 't').toLowerCase().replace(/[^a-z0-9_]/g, '');
const NAMESPACE = `${RUN}_esc${randomBytes(3).toString('hex')}`;
const SCHEMA = `${NAMESPACE}_dispatch`;
const logger = createLogger('dispatch-test', 'silent');
const NOW = Date.parse('2026-03-02T12:00:00Z');

const start = (policyId: string, episode: number): EscalationChange => ({ kind: 'start', policyId, episode });
const STOP: EscalationChange = { kind: 'stop' };

describe('escalation state on PostgreSQL', () => {
  let dataSource: DataSource;
  let store: EscalationStore;
  let connection: JetStreamConnection;
  let topology: Topology;
  let cache: ConfigCache;

  const row = async (incidentId: string) =>
    (await dataSource.query<Array<{ policy_id: string; episode: number; round: number; step: number }>>('SELECT policy_id, episode, round, step FROM escalation_state WHERE incident_id = $1', [incidentId]))[0];

  before(async () => {
    dataSource = await openDataSource({ url: DATABASE_URL, schema: SCHEMA, poolSize: 6, migrations: DISPATCH_MIGRATIONS, applicationName: 'dispatch-int-test' });
    store = new EscalationStore(dataSource);
    connection = await JetStreamConnection.connect({ url: NATS_URL, name: 'dispatch-escalation-test', logger });
    topology = new Topology(NAMESPACE);
    await provisionStreams(connection.jsm, topology, { replicas: 1, storage: 'memory', maxAgeSeconds: 600, maxBytes: -1, duplicateWindowSeconds: 60 }, ['ESCALATIONS']);
    const configStore = new ConfigStore(dataSource, `${SCHEMA}_config`, secretsKeyringOf(`k1:${Buffer.alloc(32, 1).toString('base64')}`));
    await configStore.write((m) => configStore.create('escalation_policies', 'night', { steps: [{ receivers: ['oncall'], waitSeconds: 60 }, { receivers: ['lead'], waitSeconds: 60 }], repeat: 0 }, m));
    const applied = { fileManagesRoute: false, counts: { receivers: 0, silences: 0, inhibitRules: 0, maintenanceWindows: 0, escalationPolicies: 0 } };
    cache = new ConfigCache(configStore, { databaseUrl: DATABASE_URL, refreshMs: 60_000 }, logger, applied);
    await cache.reload();
  });

  after(async () => {
    await removeStreams(connection.jsm, topology, ['ESCALATIONS']);
    await connection?.close();
    await dataSource?.destroy();
    await dropSchema(DATABASE_URL, SCHEMA);
  });

  it('a redelivered trigger never rewinds an escalation; a reopen starts the new episode from step 1', async () => {
    const id = randomUUID();
    assert.equal(await store.apply([{ incidentId: id, version: 1, change: start('night', 1) }], NOW), 1);
    await store.transaction((m) => store.advance(m, id, { round: 1, step: 2, dueAt: NOW + 60_000 }));
    assert.equal(await store.apply([{ incidentId: id, version: 1, change: start('night', 1) }], NOW), 0, 'the same trigger again');
    assert.deepEqual(await row(id), { policy_id: 'night', episode: 1, round: 1, step: 2 });
    assert.equal(await store.apply([{ incidentId: id, version: 4, change: start('night', 4) }], NOW), 1, 'reopened at version 4');
    assert.deepEqual(await row(id), { policy_id: 'night', episode: 4, round: 1, step: 1 });
  });

  it('a stop removes an escalation started before it, never a later episode (a redelivered old acknowledgement)', async () => {
    const id = randomUUID();
    await store.apply([{ incidentId: id, version: 4, change: start('night', 4) }], NOW);
    await store.apply([{ incidentId: id, version: 2, change: STOP }], NOW);
    assert.equal((await row(id))?.episode, 4);
    await store.apply([{ incidentId: id, version: 5, change: STOP }], NOW);
    assert.equal(await row(id), undefined);
  });

  it('two replicas ticking at once send each due step once', async () => {
    await dataSource.query('DELETE FROM escalation_state');
    const ids = Array.from({ length: 30 }, () => randomUUID());
    await store.apply(ids.map((incidentId) => ({ incidentId, version: 1, change: start('night', 1) })), NOW);
    const registries = [new Registry(), new Registry()];
    const replicas = registries.map(
      (registry) => new EscalationScheduler(store, cache, new Publisher(connection, topology, '/herald/dispatch'), { tickMs: 60_000, batchSize: 7 }, logger, registry),
    );
    await Promise.all(replicas.map((r) => r.tick(NOW + 1_000)));
    const sent = await Promise.all(registries.map(async (r) => (await r.getSingleMetric('herald_dispatch_escalation_steps_total')!.get()).values.find((v) => v.labels.result === 'sent')?.value ?? 0));
    assert.equal(sent[0]! + sent[1]!, ids.length, `sent ${sent.join(' + ')}`);
    for (const id of ids) assert.deepEqual(await row(id), { policy_id: 'night', episode: 1, round: 1, step: 2 });
    // Each step is one message, whoever sent it; ticking again before step 2 is due sends nothing.
    await Promise.all(replicas.map((r) => r.tick(NOW + 2_000)));
    const info = await connection.jsm.streams.info(topology.stream('ESCALATIONS'));
    assert.ok(info.state.messages >= ids.length);
    const total = await Promise.all(registries.map(async (r) => (await r.getSingleMetric('herald_dispatch_escalation_steps_total')!.get()).values.find((v) => v.labels.result === 'sent')?.value ?? 0));
    assert.equal(total[0]! + total[1]!, ids.length);
  });
});
