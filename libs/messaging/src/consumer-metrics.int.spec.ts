import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { STREAM_NAMES, type ConsumerDefinition } from '@herald/contracts';
import { JetStreamConnection } from './connection.js';
import { JetStreamMetrics } from './consumer-metrics.js';
import { provisionConsumer, provisionStreams, removeStreams } from './provisioning.js';
import { Topology } from './topology.js';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const logger = pino({ level: 'silent' });
const settings = { replicas: 1, storage: 'memory' as const, maxAgeSeconds: 600, maxBytes: -1, duplicateWindowSeconds: 60 };

const def: ConsumerDefinition = {
  durable: 'metrics-test',
  stream: 'ALERTS',
  filterSubject: 'alerts.normalised.>',
  message: 'canonicalAlerts',
  stage: 'metrics-test',
  ackWaitMs: 30_000,
  maxAttempts: 3,
};

async function value(registry: Registry, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = registry.getSingleMetric(name);
  assert.ok(metric, `${name} is registered`);
  const data = await metric.get();
  return data.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
}

describe('JetStreamMetrics against a real JetStream', () => {
  let connection: JetStreamConnection;
  let topology: Topology;
  const registry = new Registry();
  const labels = { stream: 'ALERTS', consumer: 'metrics-test' };

  before(async () => {
    connection = await JetStreamConnection.connect({ url: NATS_URL, name: 'consumer-metrics-test', logger });
    topology = new Topology(`${process.env.HERALD_TEST_RUN_ID ?? 't'}_jsm_${randomBytes(3).toString('hex')}`);
    await provisionStreams(connection.jsm, topology, settings, STREAM_NAMES);
    // Registers its gauges in `registry`; the tests read them from there.
    new JetStreamMetrics({
      connection,
      topology,
      registry,
      logger,
      consumers: [def],
      streams: ['ALERTS', 'DLQ'],
      dlqStages: ['metrics-test'],
      minIntervalMs: 0,
    });
  });

  after(async () => {
    await removeStreams(connection.jsm, topology, STREAM_NAMES);
    await connection.close();
  });

  it('pre-initialises known labels and reports a missing consumer as not existing', async () => {
    assert.equal(await value(registry, 'herald_jetstream_consumer_exists', labels), 0);
    assert.equal(await value(registry, 'herald_jetstream_consumer_pending_messages', labels), undefined, 'no pending figure for a missing consumer');
    assert.equal(await value(registry, 'herald_dlq_stream_messages', { stage: 'metrics-test' }), 0);
    assert.equal(await value(registry, 'herald_dlq_stream_messages', { stage: 'other' }), 0);
  });

  it('reports pending, ack-pending and redelivered messages as the server counts them', async () => {
    await provisionConsumer(connection.jsm, topology, def);
    for (let i = 0; i < 3; i += 1) await connection.js.publish(topology.subject('alerts.normalised.generic'), JSON.stringify({ i }), { msgID: randomUUID() });
    assert.equal(await value(registry, 'herald_jetstream_consumer_exists', labels), 1);
    assert.equal(await value(registry, 'herald_jetstream_consumer_pending_messages', labels), 3);
    assert.equal(await value(registry, 'herald_jetstream_consumer_ack_pending_messages', labels), 0);
    assert.equal(await value(registry, 'herald_jetstream_stream_messages', { stream: 'ALERTS' }), 3);

    const consumer = await connection.js.consumers.get(topology.stream('ALERTS'), def.durable);
    const first = [];
    for await (const m of await consumer.fetch({ max_messages: 2, expires: 2_000 })) {
      first.push(m);
      if (first.length === 2) break;
    }
    assert.equal(first.length, 2);
    assert.equal(await value(registry, 'herald_jetstream_consumer_pending_messages', labels), 1);
    assert.equal(await value(registry, 'herald_jetstream_consumer_ack_pending_messages', labels), 2);
    assert.equal(await value(registry, 'herald_jetstream_consumer_redelivered_messages', labels), 0);

    first[0]!.nak();
    // The server may hand out the third message before the nak'ed one: take both.
    const second = [];
    for await (const m of await consumer.fetch({ max_messages: 2, expires: 2_000 })) {
      second.push(m);
      if (second.length === 2) break;
    }
    assert.deepEqual(second.map((m) => m.info.deliveryCount).sort(), [1, 2]);
    assert.equal(await value(registry, 'herald_jetstream_consumer_redelivered_messages', labels), 1);
    for (const m of second) m.ack();
    first[1]!.ack();
    await connection.nc.flush();
    assert.equal(await value(registry, 'herald_jetstream_consumer_ack_pending_messages', labels), 0);
  });

  it('counts DLQ messages per known stage, the rest as other', async () => {
    await connection.js.publish(topology.deadLetterSubject('metrics-test'), 'x');
    await connection.js.publish(topology.deadLetterSubject('metrics-test'), 'y');
    await connection.js.publish(topology.deadLetterSubject('somewhere-else'), 'z');
    assert.equal(await value(registry, 'herald_dlq_stream_messages', { stage: 'metrics-test' }), 2);
    assert.equal(await value(registry, 'herald_dlq_stream_messages', { stage: 'other' }), 1);
  });

  it('refuses a second collector on the same registry', () => {
    assert.throws(() => new JetStreamMetrics({ connection, topology, registry, logger, consumers: [def] }), /already registered/);
  });

  it('survives a missing consumer after deletion and reports it gone', async () => {
    await connection.jsm.consumers.delete(topology.stream('ALERTS'), def.durable);
    assert.equal(await value(registry, 'herald_jetstream_consumer_exists', labels), 0);
    assert.equal(await value(registry, 'herald_jetstream_consumer_pending_messages', labels), undefined);
    const text = await registry.metrics();
    assert.match(text, /herald_jetstream_metrics_errors_total 0/);
  });
});
