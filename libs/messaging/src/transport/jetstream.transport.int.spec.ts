import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Controller, Module, UseInterceptors, type CallHandler, type ExecutionContext, type INestMicroservice, type NestInterceptor } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, Payload } from '@nestjs/microservices';
import { lastValueFrom, type Observable } from 'rxjs';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { STREAM_NAMES, type CanonicalAlert, type ConsumerDefinition } from '@herald/contracts';
import { HealthChecks } from '@herald/observability';
import { JetStreamConnection } from '../connection.js';
import type { InboundMessage } from '../consumer-runner.js';
import { PermanentError } from '../errors.js';
import { ack, retryAfter, type Outcome } from '../outcome.js';
import { provisionStreams, removeStreams } from '../provisioning.js';
import { Publisher } from '../publisher.js';
import { Topology } from '../topology.js';
import { ConsumeBatch, ConsumeEach } from './consume.decorator.js';
import { JetStreamClient } from './jetstream.client.js';
import { JetStreamContext } from './jetstream.context.js';
import { JetStreamServer } from './jetstream.server.js';
import { waitFor } from '../wait-for.testing.js';

// The transport on a real nats-server: a Nest microservice whose handlers are discovered from
// @ConsumeBatch / @ConsumeEach, fed from durable consumers, and settled by what they return.
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const logger = pino({ level: 'silent' });
const run = `${(process.env.HERALD_TEST_RUN_ID ?? 't').toLowerCase().replace(/[^a-z0-9_]/g, '')}_tr_${randomBytes(3).toString('hex')}`;

function consumer(name: string, filter: string, stage: string): ConsumerDefinition & { message: 'canonicalAlerts' } {
  return { durable: name, stream: 'ALERTS', filterSubject: filter, message: 'canonicalAlerts', stage, ackWaitMs: 5_000, maxAttempts: 3 };
}
const BATCHED = consumer('batched', 'alerts.normalised.generic', 'batched');
const EACH = consumer('each', 'alerts.normalised.grafana', 'each');

function alert(source: 'generic' | 'grafana', dedupKey: string): CanonicalAlert {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    rawId: randomUUID(),
    integrationId: 'int-1',
    source,
    action: 'trigger',
    dedupKey,
    severity: 'critical',
    summary: 'Disk full',
    labels: {},
    annotations: {},
    details: {},
    links: [],
    occurredAt: now,
    receivedAt: now,
  };
}

/** What the handlers saw, for the assertions. */
const seen = { batches: [] as string[][], each: [] as Array<{ dedupKey: string; delivery: number }>, intercepted: 0, consumers: [] as string[] };

class CountCalls implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    seen.intercepted += 1;
    return next.handle();
  }
}

@Controller()
class TestHandlers {
  @ConsumeBatch(BATCHED, { batchSize: 50 })
  @UseInterceptors(CountCalls)
  async batch(@Payload() messages: readonly InboundMessage<'canonicalAlerts'>[], @Ctx() context: JetStreamContext): Promise<void> {
    seen.consumers.push(context.getConsumer());
    seen.batches.push(messages.map((m) => m.data.alerts[0]!.dedupKey));
  }

  @ConsumeEach(EACH, { concurrency: 4 })
  async each(message: InboundMessage<'canonicalAlerts'>): Promise<Outcome> {
    const { dedupKey } = message.data.alerts[0]!;
    seen.each.push({ dedupKey, delivery: message.deliveryCount });
    if (dedupKey === 'poison') throw new PermanentError('RULE', 'this alert can never be recorded');
    if (dedupKey === 'flaky' && message.deliveryCount === 1) throw new Error('database briefly away');
    if (dedupKey === 'later' && message.deliveryCount === 1) return retryAfter(200);
    return ack();
  }
}

@Module({ controllers: [TestHandlers] })
class TestModule {}

describe('JetStream as a Nest microservice transport', () => {
  let connection: JetStreamConnection;
  let topology: Topology;
  let publisher: Publisher;
  let app: INestMicroservice;

  before(async () => {
    connection = await JetStreamConnection.connect({ url: NATS_URL, name: 'transport-test', logger });
    topology = new Topology(run);
    await provisionStreams(connection.jsm, topology, { replicas: 1, storage: 'memory', maxAgeSeconds: 600, maxBytes: -1, duplicateWindowSeconds: 60 }, STREAM_NAMES);
    publisher = new Publisher(connection, topology, '/herald/test');
    const strategy = new JetStreamServer({ connection, topology, logger, registry: new Registry(), health: new HealthChecks(), shutdownGraceMs: 2_000 });
    app = await NestFactory.createMicroservice(TestModule, { strategy, logger: false });
    await app.listen();
  });

  after(async () => {
    await app?.close();
    publisher?.close();
    await removeStreams(connection.jsm, topology, STREAM_NAMES);
    await connection.close();
  });

  it('hands a burst to a batch handler in batches, through the interceptors, and acks every message', async () => {
    const keys = Array.from({ length: 120 }, (_, i) => `k${i}`);
    await publisher.publishAll(keys.map((k) => ({ kind: 'canonicalAlerts' as const, payload: { alerts: [alert('generic', k)] } })));
    await waitFor(async () => seen.batches.flat().length >= keys.length);
    assert.deepEqual(seen.batches.flat().sort(), [...keys].sort(), 'every message once, none twice');
    assert.ok(seen.batches.every((b) => b.length <= 50), 'no batch above its size');
    assert.ok(seen.batches.length < keys.length, `batched: ${seen.batches.length} calls for ${keys.length} messages`);
    assert.equal(seen.intercepted, seen.batches.length, 'the interceptor saw every call');
    assert.deepEqual([...new Set(seen.consumers)], ['batched'], 'the context names the consumer');
    await waitFor(async () => (await connection.jsm.consumers.info(topology.stream('ALERTS'), 'batched')).num_ack_pending === 0);
  });

  it('settles each message by its outcome: retry later, retry after a thrown error, dead-letter a PermanentError', async () => {
    for (const key of ['fine', 'later', 'flaky', 'poison']) await publisher.publish('canonicalAlerts', { alerts: [alert('grafana', key)] });
    await waitFor(async () => ['fine', 'later', 'flaky'].every((k) => seen.each.some((s) => s.dedupKey === k && (k === 'fine' || s.delivery === 2))));
    const deliveries = (key: string): number[] => seen.each.filter((s) => s.dedupKey === key).map((s) => s.delivery);
    assert.deepEqual(deliveries('fine'), [1]);
    assert.deepEqual(deliveries('later'), [1, 2]);
    assert.deepEqual(deliveries('flaky'), [1, 2]);
    const dlq = topology.stream('DLQ');
    await waitFor(async () => (await connection.jsm.streams.info(dlq)).state.messages >= 1);
    const dead = await connection.jsm.streams.getMessage(dlq, { last_by_subj: topology.deadLetterSubject('each') });
    assert.match(dead!.header.get('x-dead-reason'), /RULE: this alert can never be recorded/);
    assert.deepEqual(deliveries('poison'), [1], 'a permanent failure is not retried');
  });

  it('publishes through the ClientProxy: emit() completes with the PubAck', async () => {
    const client = new JetStreamClient(connection, publisher);
    const a = alert('generic', 'via-emit');
    const acked = await lastValueFrom(client.emit<{ seq: number; duplicate: boolean }>('canonicalAlerts', { alerts: [a] }));
    assert.equal(acked.duplicate, false);
    const again = await client.publishEvent('canonicalAlerts', { alerts: [a] });
    assert.equal(again.duplicate, true, 'the same id is stored once');
    await assert.rejects(lastValueFrom(client.emit('noSuchKind', {})), /unknown message kind/);
    await waitFor(async () => seen.batches.flat().includes('via-emit'));
  });
});
