import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { JetStreamConnection, provisionStreams, Publisher, removeStreams, Topology } from '@herald/messaging';
import { Registry } from '@herald/observability';
import { dropSchema, openDataSource, schemaName } from '@herald/persistence';
import { hashIntegrationKey } from '../integrations/domain/integration-key.js';
import { IntegrationEntity } from '../integrations/integration.entity.js';
import { INGESTION_MIGRATIONS } from '../integrations/integrations.migrations.js';
import type { HeartbeatState } from './domain/heartbeat.js';
import { heartbeatAlert } from './domain/heartbeat-alert.js';
import { HeartbeatMetrics } from './heartbeat-metrics.js';
import { HeartbeatScheduler } from './heartbeat-scheduler.js';
import { HeartbeatStore } from './heartbeat-store.js';

/*
 * The due-check on a real PostgreSQL and JetStream, as several replicas run it: a miss is
 * decided and announced once however many check it at the same moment, and a check that dies
 * between the publish and the commit leaves the miss to the next check, which publishes the
 * very same message (kept once by JetStream).
 */
const URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/herald';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const namespace = `${(process.env.HERALD_TEST_RUN_ID ?? 't').toLowerCase().replace(/[^a-z0-9_]/g, '')}_hb${randomBytes(3).toString('hex')}`;
const SCHEMA = schemaName(namespace, 'ingestion');
const logger = pino({ level: 'silent' });
const settings = { replicas: 1, storage: 'memory' as const, maxAgeSeconds: 600, maxBytes: -1, duplicateWindowSeconds: 120 };

/** A store whose next save fails, as a process killed after its publish and before its commit would. */
class DyingStore extends HeartbeatStore {
  dies = true;
  override async save(manager: EntityManager, integrationId: string, state: HeartbeatState): Promise<void> {
    if (this.dies) {
      this.dies = false;
      throw new Error('killed before the commit');
    }
    await super.save(manager, integrationId, state);
  }
}

describe('heartbeat due-check across replicas (real PostgreSQL and JetStream)', () => {
  const dataSources: DataSource[] = [];
  let connection: JetStreamConnection;
  let topology: Topology;
  let publisher: Publisher;

  before(async () => {
    for (let i = 0; i < 2; i += 1) {
      dataSources.push(await openDataSource({ url: URL, schema: SCHEMA, poolSize: 4, entities: [IntegrationEntity], migrations: INGESTION_MIGRATIONS, applicationName: 'herald-test' }));
    }
    connection = await JetStreamConnection.connect({ url: NATS_URL, name: 'ingestion-heartbeat-test', logger });
    topology = new Topology(namespace);
    await provisionStreams(connection.jsm, topology, settings, ['ALERTS']);
    publisher = new Publisher(connection, topology, '/herald/ingestion');
  });

  after(async () => {
    await removeStreams(connection.jsm, topology, ['ALERTS']);
    await connection.close();
    for (const ds of dataSources) await ds.destroy();
    await dropSchema(URL, SCHEMA);
  });

  /** A heartbeat integration last pinged `silentSeconds` ago. */
  async function heartbeat(id: string, silentSeconds: number, intervalSeconds = 1): Promise<Date> {
    const ds = dataSources[0]!;
    await ds.query(
      `INSERT INTO integrations (id, name, source, key_hash, heartbeat_interval_seconds, heartbeat_grace_seconds) VALUES ($1, $2, 'heartbeat', $3, $4, 0)`,
      [id, `Heartbeat ${id}`, hashIntegrationKey(`${id}-key-0123456789`), intervalSeconds],
    );
    await ds.query(`INSERT INTO heartbeat_state (integration_id, status, last_ping_at) VALUES ($1, 'up', now() - make_interval(secs => $2))`, [id, silentSeconds]);
    const [row] = await ds.query<Array<{ created_at: Date }>>('SELECT created_at FROM integrations WHERE id = $1', [id]);
    return row!.created_at;
  }

  function scheduler(ds: DataSource, registry: Registry, store = new HeartbeatStore(ds), batchSize?: number): HeartbeatScheduler {
    return new HeartbeatScheduler(store, publisher, new HeartbeatMetrics(registry, store, logger), { checkMs: 60_000, ...(batchSize ? { batchSize } : {}) }, logger);
  }

  async function misses(registries: readonly Registry[], id: string): Promise<number> {
    let total = 0;
    for (const registry of registries) {
      const metric = (await registry.getSingleMetric('herald_heartbeat_misses_total')?.get())?.values.find((v) => v.labels['integration'] === id);
      total += metric?.value ?? 0;
    }
    return total;
  }

  /** Message ids stored in ALERTS for one heartbeat. */
  async function stored(id: string): Promise<string[]> {
    const stream = topology.stream('ALERTS');
    const info = await connection.jsm.streams.info(stream);
    const ids: string[] = [];
    for (let seq = info.state.first_seq; info.state.messages > 0 && seq <= info.state.last_seq; seq += 1) {
      const message = await connection.jsm.streams.getMessage(stream, { seq }).catch(() => undefined);
      if (message && message.json<{ alerts: Array<{ integrationId: string }> }>().alerts[0]?.integrationId === id) ids.push(message.header.get('Nats-Msg-Id'));
    }
    return ids;
  }

  const state = async (id: string) =>
    (await dataSources[0]!.query<Array<{ status: string; misses: number }>>('SELECT status, misses FROM heartbeat_state WHERE integration_id = $1', [id]))[0];

  it('announces a miss once when four checkers on two connection pools run at the same moment, and again never', async () => {
    const createdAt = await heartbeat('hb-race', 5);
    const registries = [new Registry(), new Registry(), new Registry(), new Registry()];
    const checkers = registries.map((registry, i) => scheduler(dataSources[i % 2]!, registry));
    const now = Date.now();
    await Promise.all(checkers.map((c) => c.tick(now)));
    await Promise.all(checkers.map((c) => c.tick(now + 1_000)));
    assert.equal(await misses(registries, 'hb-race'), 1);
    assert.deepEqual(await state('hb-race'), { status: 'missing', misses: 1 });
    const expected = heartbeatAlert(
      { id: 'hb-race', createdAt: createdAt.getTime(), name: 'x', timing: { intervalSeconds: 1, graceSeconds: 0 }, severityMap: null, dedupScope: 'integration' },
      { kind: 'open', miss: 1, lastPingAt: 0, silentSeconds: 0 },
      now,
    ).id;
    assert.deepEqual(await stored('hb-race'), [expected]);
  });

  it('leaves a miss whose check died before the commit to the next check, which publishes the same message', async () => {
    await heartbeat('hb-crash', 5);
    const dying = new DyingStore(dataSources[0]!);
    const registries = [new Registry(), new Registry()];
    await scheduler(dataSources[0]!, registries[0]!, dying).tick();
    assert.deepEqual(await state('hb-crash'), { status: 'up', misses: 0 }, 'rolled back');
    const first = await stored('hb-crash');
    assert.equal(first.length, 1, 'published before the failed commit');

    await scheduler(dataSources[1]!, registries[1]!).tick();
    assert.deepEqual(await state('hb-crash'), { status: 'missing', misses: 1 });
    assert.deepEqual(await stored('hb-crash'), first, 'the same id again: stored once');
    assert.equal(await misses(registries, 'hb-crash'), 1);
  });

  it('announces every due heartbeat in one check, batch after batch', async () => {
    for (const id of ['hb-batch-1', 'hb-batch-2', 'hb-batch-3']) await heartbeat(id, 5);
    const registry = new Registry();
    await scheduler(dataSources[0]!, registry, undefined, 2).tick();
    for (const id of ['hb-batch-1', 'hb-batch-2', 'hb-batch-3']) {
      assert.deepEqual(await state(id), { status: 'missing', misses: 1 }, id);
      assert.equal((await stored(id)).length, 1, id);
    }
  });

  it('announces nothing for a heartbeat within its interval, or one never pinged', async () => {
    await heartbeat('hb-fresh', 0, 600);
    await dataSources[0]!.query(
      `INSERT INTO integrations (id, name, source, key_hash, heartbeat_interval_seconds) VALUES ('hb-new', 'New', 'heartbeat', $1, 1)`,
      [hashIntegrationKey('hb-new-key-0123456789')],
    );
    await dataSources[0]!.query(`INSERT INTO heartbeat_state (integration_id, status) VALUES ('hb-new', 'waiting')`);
    await scheduler(dataSources[0]!, new Registry()).tick();
    assert.deepEqual(await state('hb-fresh'), { status: 'up', misses: 0 });
    assert.deepEqual(await state('hb-new'), { status: 'waiting', misses: 0 });
    assert.deepEqual([...(await stored('hb-fresh')), ...(await stored('hb-new'))], []);
  });
});
