import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { STREAM_NAMES, type CanonicalAlert, type ConsumerDefinition } from '@herald/contracts';
import { JetStreamConnection } from './connection.js';
import { ConsumerRunner, type BatchHandler, type ConsumerRunnerOptions, type InboundMessage } from './consumer-runner.js';
import { ack, deadLetter, retryAfter } from './outcome.js';
import { provisionStreams, removeStreams } from './provisioning.js';
import { PublishRefusedError } from './pub-ack-pipe.js';
import { Publisher } from './publisher.js';
import { Topology } from './topology.js';
import { waitFor } from './wait-for.testing.js';

// Real nats-server (JetStream on); every run gets its own namespace so runs never collide.
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const logger = pino({ level: 'silent' });
const settings = { replicas: 1, storage: 'memory' as const, maxAgeSeconds: 600, maxBytes: -1, duplicateWindowSeconds: 60 };

function alert(overrides: Partial<CanonicalAlert> = {}): CanonicalAlert {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    rawId: randomUUID(),
    integrationId: 'int-1',
    source: 'generic',
    action: 'trigger',
    dedupKey: 'disk-full',
    severity: 'critical',
    summary: 'Disk full',
    labels: { host: 'db-1' },
    annotations: {},
    details: {},
    links: [],
    occurredAt: now,
    receivedAt: now,
    ...overrides,
  };
}

describe('messaging against a real JetStream', () => {
  let connection: JetStreamConnection;
  let topology: Topology;
  let publisher: Publisher;
  let n = 0;
  const consumer = (): ConsumerDefinition & { message: 'canonicalAlerts' } => ({
    durable: `test-${(n += 1)}`,
    stream: 'ALERTS',
    filterSubject: 'alerts.normalised.>',
    message: 'canonicalAlerts',
    stage: `stage${n}`,
    ackWaitMs: 5_000,
    maxAttempts: 3,
  });

  before(async () => {
    connection = await JetStreamConnection.connect({ url: NATS_URL, name: 'messaging-test', logger });
    topology = new Topology(`${process.env.HERALD_TEST_RUN_ID ?? 't'}_msg_${randomBytes(3).toString('hex')}`);
    await provisionStreams(connection.jsm, topology, settings, STREAM_NAMES);
    publisher = new Publisher(connection, topology, '/herald/test');
  });

  after(async () => {
    await removeStreams(connection.jsm, topology, STREAM_NAMES);
    await connection.close();
  });

  /** Publishes with the raw NATS protocol (HPUB), headers exactly as given, as a client other than nats.js may. */
  async function publishRaw(subject: string, headerBlock: string, body: string): Promise<void> {
    const socket = connect(new URL(NATS_URL).port ? Number(new URL(NATS_URL).port) : 4222, new URL(NATS_URL).hostname);
    await once(socket, 'connect');
    const total = Buffer.byteLength(headerBlock) + Buffer.byteLength(body);
    // PING after the publish: the server's PONG says the publish before it was processed.
    socket.write(`CONNECT {"headers":true,"verbose":false,"pedantic":false}\r\nHPUB ${subject} ${Buffer.byteLength(headerBlock)} ${total}\r\n${headerBlock}${body}\r\nPING\r\n`);
    let seen = '';
    for await (const chunk of socket) {
      seen += String(chunk);
      if (seen.includes('PONG') || seen.includes('-ERR')) break;
    }
    socket.destroy();
    assert.doesNotMatch(seen, /-ERR/, seen);
  }

  async function purge(): Promise<void> {
    await connection.jsm.streams.purge(topology.stream('ALERTS'));
  }

  function runner(
    handle: (m: InboundMessage<'canonicalAlerts'>) => Promise<ReturnType<typeof ack>>,
    def = consumer(),
    concurrency = 1,
    extra: Partial<ConsumerRunnerOptions<'canonicalAlerts'>> = {},
  ) {
    return new ConsumerRunner({ connection, topology, consumer: def, logger, registry: new Registry(), handle, concurrency, ...extra });
  }

  /** A batch-mode runner on a fresh consumer. */
  function batchRunner(handleBatch: BatchHandler<'canonicalAlerts'>, batchSize: number, gatherMs?: number) {
    return new ConsumerRunner({ connection, topology, consumer: consumer(), logger, registry: new Registry(), batchSize, ...(gatherMs !== undefined ? { gatherMs } : {}), handleBatch });
  }

  it('provisioning twice is harmless and keeps the configuration', async () => {
    await provisionStreams(connection.jsm, topology, settings, STREAM_NAMES);
    const info = await connection.jsm.streams.info(topology.stream('DISPATCH'));
    assert.equal(info.config.retention, 'workqueue');
    assert.deepEqual(info.config.subjects, [topology.subject('dispatch.jobs.>')]);
  });

  it('deduplicates a retried publish by Nats-Msg-Id', async () => {
    await purge();
    const a = alert();
    const first = await publisher.publish('canonicalAlerts', { alerts: [a] });
    const second = await publisher.publish('canonicalAlerts', { alerts: [a] });
    assert.equal(first.duplicate, false);
    assert.equal(second.duplicate, true);
    assert.equal(second.seq, first.seq);
    const info = await connection.jsm.streams.info(topology.stream('ALERTS'));
    assert.equal(info.state.messages, 1);
  });

  it('answers a publish JetStream refuses with an error, not a hang: a failed expectation, a subject no stream takes', async () => {
    await purge();
    const a = alert();
    const first = await publisher.publish('canonicalAlerts', { alerts: [a] });
    await assert.rejects(
      publisher.publish('canonicalAlerts', { alerts: [alert()] }, { expectLastSubjectSequence: first.seq - 1 }),
      (error: unknown) => error instanceof PublishRefusedError && /wrong last sequence/.test(error.message),
    );
    const elsewhere = new Publisher(connection, new Topology(`${topology.namespace}_nostreams`), '/herald/test');
    try {
      await assert.rejects(elsewhere.publish('canonicalAlerts', { alerts: [alert()] }), (error: unknown) => error instanceof PublishRefusedError && error.code === 503);
    } finally {
      elsewhere.close();
    }
  });

  it('pipelines many publishes at once and stores each once', async () => {
    await purge();
    const alerts = Array.from({ length: 300 }, () => alert());
    const acks = await publisher.publishAll(alerts.map((payload) => ({ kind: 'canonicalAlerts' as const, payload: { alerts: [payload] } })));
    assert.equal(new Set(acks.map((a) => a.seq)).size, 300);
    assert.equal((await connection.jsm.streams.info(topology.stream('ALERTS'))).state.messages, 300);
  });

  it('refuses to publish a payload that breaks its contract', async () => {
    await assert.rejects(publisher.publish('canonicalAlerts', { alerts: [{ ...alert(), severity: 'huge' } as unknown as CanonicalAlert] }));
  });

  it('publishes in the work it is given: its correlation id, and a new span of its trace', async () => {
    await purge();
    const work = { correlationId: 'work-7', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
    const [inWork, alone] = [alert(), alert()];
    await publisher.publish('canonicalAlerts', { alerts: [inWork] }, { context: work });
    await publisher.publish('canonicalAlerts', { alerts: [alone] });
    const got = new Map<string, InboundMessage<'canonicalAlerts'>>();
    await new Promise<void>((resolve) => {
      const r = runner(async (m) => {
        got.set(m.data.alerts[0]!.id, m);
        if (got.size === 2) resolve();
        return ack();
      });
      void r.start().then(() => seen.push(r));
    });
    const traced = got.get(inWork.id)!;
    assert.equal(traced.correlationId, 'work-7');
    // The consumer's span is a child of the message's, which is a child of the work's: same trace, new spans.
    assert.equal(traced.traceparent.slice(3, 35), '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.notEqual(traced.traceparent.slice(36, 52), '00f067aa0ba902b7');
    const untraced = got.get(alone.id)!;
    assert.match(untraced.correlationId, /^[0-9a-f-]{36}$/, 'no work: a correlation id of its own');
    assert.notEqual(untraced.traceparent.slice(3, 35), '4bf92f3577b34da6a3ce929d0e0e4736');
    await Promise.all(seen.splice(0).map((r) => r.stop(1_000)));
  });

  it('carries CloudEvents attributes and the correlation id in headers', async () => {
    await purge();
    const a = alert();
    await publisher.publish('canonicalAlerts', { alerts: [a] }, { correlationId: 'corr-123' });
    const got = await new Promise<InboundMessage<'canonicalAlerts'>>((resolve) => {
      const r = runner(async (m) => {
        resolve(m);
        return ack();
      });
      void r.start().then(() => seen.push(r));
    });
    assert.equal(got.msgId, a.id);
    assert.equal(got.correlationId, 'corr-123');
    assert.match(got.traceparent, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    assert.deepEqual(got.data, { alerts: [a] });
    await Promise.all(seen.splice(0).map((r) => r.stop(1_000)));
  });
  const seen: Array<ConsumerRunner<'canonicalAlerts'>> = [];

  it('redelivers after nak(delay), not before', async () => {
    await purge();
    await publisher.publish('canonicalAlerts', { alerts: [alert()] });
    const deliveries: number[] = [];
    const done = new Promise<void>((resolve) => {
      seen.push(
        runner(async (m) => {
          deliveries.push(Date.now());
          if (m.deliveryCount === 1) return retryAfter(1_500);
          resolve();
          return ack();
        }),
      );
    });
    await seen[0]!.start();
    await done;
    assert.equal(deliveries.length, 2);
    assert.ok(deliveries[1]! - deliveries[0]! >= 1_400, `redelivered after ${deliveries[1]! - deliveries[0]!} ms`);
    await seen.splice(0)[0]!.stop(1_000);
  });

  it('dead-letters a poison message to dlq.<stage> with its reason, and keeps processing the rest', async () => {
    await purge();
    const def = consumer();
    const poisonSubject = topology.subject('alerts.normalised.generic');
    await connection.js.publish(poisonSubject, 'not json at all', { msgID: randomUUID() });
    const good = alert();
    await publisher.publish('canonicalAlerts', { alerts: [good] });
    const bad = alert({ dedupKey: 'unprocessable' });
    await publisher.publish('canonicalAlerts', { alerts: [bad] });
    const handled: string[] = [];
    const r = runner(async (m) => {
      handled.push(m.data.alerts[0]!.id);
      return m.data.alerts[0]!.dedupKey === 'unprocessable' ? deadLetter('rule says no') : ack();
    }, def);
    await r.start();
    const dlq = topology.stream('DLQ');
    await waitFor(async () => (await connection.jsm.streams.info(dlq)).state.messages >= 2);
    await r.stop(1_000);
    assert.deepEqual(handled.sort(), [good.id, bad.id].sort());
    const first = await connection.jsm.streams.getMessage(dlq, { last_by_subj: topology.deadLetterSubject(def.stage) });
    assert.ok(first);
    const reasons: string[] = [];
    const info = await connection.jsm.streams.info(dlq);
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq += 1) {
      const m = await connection.jsm.streams.getMessage(dlq, { seq });
      if (m?.subject === topology.deadLetterSubject(def.stage)) reasons.push(m.header.get('x-dead-reason'));
    }
    assert.deepEqual(reasons.sort(), ['body is not JSON', 'rule says no']);
    // Nothing is left unacknowledged on the consumer: all three messages settled.
    await waitFor(async () => {
      const ci = await connection.jsm.consumers.info(topology.stream('ALERTS'), def.durable);
      return ci.num_ack_pending === 0 && ci.num_pending === 0;
    });
  });

  it('handles a message whose header block nats.js cannot decode, and dead-letters a bad one without its headers', async () => {
    await purge();
    const def = consumer();
    const subject = topology.subject('alerts.normalised.generic');
    // What a publisher other than Herald can send: nats-server passes on a header name with a space, which nats.js refuses to decode.
    const good = alert();
    await publishRaw(subject, 'NATS/1.0\r\nBad Key: x\r\n\r\n', JSON.stringify({ alerts: [good] }));
    await publishRaw(subject, 'NATS/1.0\r\nBad Key: x\r\n\r\n', 'not json at all');
    const handled: Array<{ id: string; msgId: string; correlationId: string }> = [];
    const r = runner(async (m) => {
      handled.push({ id: m.data.alerts[0]!.id, msgId: m.msgId, correlationId: m.correlationId });
      return ack();
    }, def);
    await r.start();
    const dlq = topology.stream('DLQ');
    await waitFor(async () => {
      const ci = await connection.jsm.consumers.info(topology.stream('ALERTS'), def.durable);
      return handled.length === 1 && ci.num_ack_pending === 0 && ci.num_pending === 0;
    });
    await r.stop(1_000);
    assert.equal(handled[0]!.id, good.id);
    assert.match(handled[0]!.msgId, new RegExp(`^${topology.stream('ALERTS')}:\\d+$`), 'the stream position stands in for the unreadable ce-id');
    assert.match(handled[0]!.correlationId, /^[0-9a-f-]{36}$/);
    const copy = await connection.jsm.streams.getMessage(dlq, { last_by_subj: topology.deadLetterSubject(def.stage) });
    assert.ok(copy, 'the unparseable message was dead-lettered');
    assert.equal(new TextDecoder().decode(copy.data), 'not json at all');
    assert.equal(copy.header.get('x-dead-reason'), 'body is not JSON (its headers could not be decoded and are not copied)');
  });

  it('dead-letters a message that keeps failing once its attempts are exhausted', async () => {
    await purge();
    const def = { ...consumer(), maxAttempts: 2 };
    await publisher.publish('canonicalAlerts', { alerts: [alert()] });
    let calls = 0;
    const r = new ConsumerRunner({
      connection,
      topology,
      consumer: def,
      logger,
      registry: new Registry(),
      errorBackoffMs: () => 100,
      handle: async () => {
        calls += 1;
        throw new Error('database is down');
      },
    });
    await r.start();
    await waitFor(async () => (await connection.jsm.consumers.info(topology.stream('ALERTS'), def.durable)).num_ack_pending === 0 && calls >= 2);
    await r.stop(1_000);
    assert.equal(calls, 2);
    const m = await connection.jsm.streams.getMessage(topology.stream('DLQ'), { last_by_subj: topology.deadLetterSubject(def.stage) });
    assert.match(m!.header.get('x-dead-reason'), /gave up after 2 deliveries: database is down/);
  });

  it('dead-letters a failure on the data (SQLSTATE 22/23) at once, with its reason; never retries it', async () => {
    await purge();
    const def = consumer();
    await publisher.publish('canonicalAlerts', { alerts: [alert()] });
    let calls = 0;
    const r = runner(async () => {
      calls += 1;
      throw Object.assign(new Error('unsupported Unicode escape sequence'), { code: '22P05' });
    }, def);
    await r.start();
    await waitFor(async () => (await connection.jsm.consumers.info(topology.stream('ALERTS'), def.durable)).num_ack_pending === 0 && calls >= 1);
    await r.stop(1_000);
    assert.equal(calls, 1, 'one attempt, no retries');
    const m = await connection.jsm.streams.getMessage(topology.stream('DLQ'), { last_by_subj: topology.deadLetterSubject(def.stage) });
    assert.equal(m!.header.get('x-dead-reason'), 'SQLSTATE 22P05: unsupported Unicode escape sequence');
  });

  it('retries an infrastructure failure far beyond the attempt limit, without dead-lettering, until it passes', async () => {
    await purge();
    const def = { ...consumer(), maxAttempts: 2 };
    await publisher.publish('canonicalAlerts', { alerts: [alert()] });
    let calls = 0;
    const r = runner(
      async () => {
        calls += 1;
        if (calls <= 8) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        return ack();
      },
      def,
      1,
      { maxOutageDelayMs: 50 },
    );
    await r.start();
    await waitFor(async () => calls >= 9 && (await connection.jsm.consumers.info(topology.stream('ALERTS'), def.durable)).num_ack_pending === 0, 20_000);
    await r.stop(1_000);
    assert.equal(calls, 9);
    const dlq = await connection.jsm.streams.info(topology.stream('DLQ'));
    const dead = await connection.jsm.streams.getMessage(topology.stream('DLQ'), { last_by_subj: topology.deadLetterSubject(def.stage) }).catch(() => null);
    assert.equal(dead, null, `nothing dead-lettered for ${def.stage} (DLQ holds ${dlq.state.messages} from other tests)`);
  });

  it('keeps held messages alive: handling longer than the ack wait, or waiting behind it, is never redelivered', async () => {
    await purge();
    // A 1 s ack wait; each message takes 1.5 s, one at a time, so the last waits 3 s in the queue.
    const def = { ...consumer(), ackWaitMs: 1_000 };
    const sent = [alert(), alert(), alert()];
    for (const a of sent) await publisher.publish('canonicalAlerts', { alerts: [a] });
    const seen: Array<[string, number]> = [];
    const r = runner(async (m) => {
      seen.push([m.data.alerts[0]!.id, m.deliveryCount]);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      return ack();
    }, def);
    await r.start();
    await waitFor(async () => seen.length >= 3 && (await connection.jsm.consumers.info(topology.stream('ALERTS'), def.durable)).num_ack_pending === 0, 15_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await r.stop(1_000);
    assert.deepEqual(seen.map(([id]) => id).sort(), sent.map((a) => a.id).sort(), 'each handled once');
    assert.ok(seen.every(([, count]) => count === 1), `first deliveries only: ${JSON.stringify(seen)}`);
  });

  it('hands the messages of a failed batch over again one by one, as redelivered, since part of its work may be done', async () => {
    await purge();
    const calls: Array<Array<[string, boolean]>> = [];
    const r = batchRunner(
      async (batch) => {
        calls.push(batch.map((m) => [m.data.alerts[0]!.id, m.redelivered]));
        // A bug meeting the batch (not an outage): the runner isolates the message that failed.
        if (batch.length > 1) throw new Error('unexpected');
        return batch.map(() => ack());
      },
      10,
      300,
    );
    await r.start();
    const sent = [alert(), alert()];
    for (const a of sent) await publisher.publish('canonicalAlerts', { alerts: [a] });
    await waitFor(async () => Promise.resolve(calls.length >= 3));
    await r.stop(1_000);
    assert.deepEqual(calls[0], sent.map((a) => [a.id, false]), 'the batch, first delivered');
    assert.deepEqual(calls.slice(1), sent.map((a) => [[a.id, true]]), 'then each alone, redelivered');
  });

  it('gathers a trickle of messages into one batch when asked (gatherMs), and hands each over at once otherwise', async () => {
    const batchesOf = async (gatherMs: number | undefined): Promise<number[]> => {
      await purge();
      const sizes: number[] = [];
      const r = batchRunner(
        async (batch) => {
          sizes.push(batch.length);
          return batch.map(() => ack());
        },
        50,
        gatherMs,
      );
      await r.start();
      // One message every 20 ms: nothing is ever pending behind the one received.
      for (let i = 0; i < 6; i += 1) {
        await publisher.publish('canonicalAlerts', { alerts: [alert()] });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await waitFor(async () => Promise.resolve(sizes.reduce((a, b) => a + b, 0) === 6));
      await r.stop(1_000);
      return sizes;
    };
    const gathered = await batchesOf(1_000);
    assert.deepEqual(gathered, [6], 'one batch of six, gathered over about 120 ms');
    const immediate = await batchesOf(undefined);
    assert.ok(immediate.length >= 4, `without gatherMs each message goes at once: ${JSON.stringify(immediate)}`);
  });

  it('asks the server for more once every few messages of a trickle, not after each, and still hands each over at once', async () => {
    await purge();
    const def = consumer();
    const pulls: number[] = [];
    const watch = connection.nc.subscribe(`$JS.API.CONSUMER.MSG.NEXT.${topology.stream('ALERTS')}.${def.durable}`, { callback: () => void pulls.push(Date.now()) });
    const waits: number[] = [];
    const handled: number[] = [];
    // Routing's window: two messages a batch, four asked for at once.
    const r = runner(() => Promise.resolve(ack()), def, 1, {
      batchSize: 2,
      handleBatch: async (batch) => {
        handled.push(Date.now());
        return batch.map(() => ack());
      },
    });
    await r.start();
    for (let i = 0; i < 12; i += 1) {
      const sent = Date.now();
      const before = handled.length;
      await publisher.publish('canonicalAlerts', { alerts: [alert()] });
      await waitFor(async () => Promise.resolve(handled.length > before));
      waits.push(handled.at(-1)! - sent);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await r.stop(1_000);
    watch.unsubscribe();
    // nats.js's default asks again whenever fewer than 3 of the 4 are owed: after every message (13 requests).
    assert.ok(pulls.length <= 6, `${pulls.length} pull requests for 12 messages`);
    assert.ok(Math.max(...waits) < 500, `a message waited for a pull: ${JSON.stringify(waits)} ms`);
  });

  it('stop() lets in-flight work finish and acks it (graceful drain)', async () => {
    await purge();
    const def = consumer();
    for (let i = 0; i < 5; i += 1) await publisher.publish('canonicalAlerts', { alerts: [alert()] });
    let started = 0;
    let finished = 0;
    const r = runner(
      async () => {
        started += 1;
        await new Promise((resolve) => setTimeout(resolve, 400));
        finished += 1;
        return ack();
      },
      def,
      2,
    );
    await r.start();
    await waitFor(async () => started >= 2);
    await r.stop(5_000);
    assert.equal(finished, started, 'every started handler finished before stop() returned');
    assert.ok(finished >= 2);
    await waitFor(async () => (await connection.jsm.consumers.info(topology.stream('ALERTS'), def.durable)).num_ack_pending === 0);
    // A second runner picks up exactly what the first did not finish: nothing lost.
    let rest = 0;
    const r2 = runner(async () => {
      rest += 1;
      return ack();
    }, def);
    await r2.start();
    await waitFor(async () => finished + rest >= 5);
    await r2.stop(1_000);
    assert.equal(finished + rest, 5);
  });
});
