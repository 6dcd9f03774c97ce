import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { cloudEventHeaders, MESSAGES, outcomeBatches, type DeliveryOutcome } from '@herald/contracts';
import { deliveryOutcome } from '@herald/contracts/testing';
import { JetStreamConnection, Publisher, Topology } from '@herald/messaging';
import { HeraldStack, metricValue, NATS_URL } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

const TOKEN = 'analytics-e2e-admin-token-0001';
const INCIDENT = randomUUID();
const EVENT = randomUUID();

interface Figures {
  total_events: number;
  total_attempts: number;
  successful_deliveries: number;
  failed_deliveries: number;
  dead_deliveries: number;
  muted_notifications: number;
  retrying_attempts: number;
  success_rate: number | null;
  response_time_ms: { samples: number; avg: number | null; min: number | null; max: number | null; p95: number | null; p95_relative_error: number };
  errors: { '4xx': number; '5xx': number; timeout: number; network: number };
  retry_count: number;
}
type ReceiverAnswer = Figures & { receiver: string; period: { from: string; to: string; hours: number }; channels: Array<Figures & { channel: string }> };
interface SummaryAnswer {
  period: { from: string; to: string; hours: number };
  totals: Figures;
  channels: Array<Figures & { channel: string }>;
  receivers: Array<Figures & { receiver: string }>;
}

function outcome(job: string, attempt: number, over: Partial<DeliveryOutcome>): DeliveryOutcome {
  return deliveryOutcome({ id: `${job}.${attempt}`, attempt, receiverId: 'ops-webhook', incidentId: INCIDENT, eventId: EVENT, attemptedAt: new Date().toISOString(), ...over });
}

/** A known sequence for ops-webhook (see the expected figures below). */
const OPS: DeliveryOutcome[] = [
  outcome('a', 1, { durationMs: 12 }),
  outcome('b', 1, { outcome: 'retrying', statusClass: '5xx', statusCode: 503, durationMs: 40 }),
  outcome('b', 2, { outcome: 'retrying', statusClass: 'timeout', statusCode: undefined, errorClass: 'timeout', durationMs: 5_000 }),
  outcome('b', 3, { durationMs: 20 }),
  outcome('c', 1, { outcome: 'failed', statusClass: '4xx', statusCode: 400, durationMs: 8 }),
  outcome('d', 1, { outcome: 'retrying', statusClass: 'network', statusCode: undefined, errorClass: 'network', durationMs: 3 }),
  outcome('d', 2, { outcome: 'dead', statusClass: 'network', statusCode: undefined, errorClass: 'network', durationMs: 4 }),
  outcome('e', 1, { outcome: 'muted', statusClass: 'none', statusCode: undefined, durationMs: 0 }),
  outcome('f', 1, { outcome: 'failed', statusClass: 'none', statusCode: undefined, errorClass: 'render_invalid', durationMs: 0 }),
];
/** Ten days old: outside period_days=7, inside period_days=30. Published as an earlier version did (a message of its own). */
const OLD = outcome('old', 1, { durationMs: 100, attemptedAt: new Date(Date.now() - 10 * 86_400_000).toISOString() });
/** 20 deliveries of 1..20 ms: the nearest-rank p95 is the 19th, 19 ms. */
const SLACK = Array.from({ length: 20 }, (_, i) => outcome(`s${i}`, 1, { receiverId: 'team-slack', channel: 'slack', durationMs: i + 1 }));

const EXPECTED_OPS_7D = {
  total_events: 6,
  total_attempts: 8,
  successful_deliveries: 2,
  failed_deliveries: 3,
  dead_deliveries: 1,
  muted_notifications: 1,
  retrying_attempts: 3,
  success_rate: 0.4,
  response_time_ms: { samples: 7, avg: 726.714, min: 3, max: 5_000, p95: 5_000, p95_relative_error: 0.01 },
  errors: { '4xx': 1, '5xx': 1, timeout: 1, network: 2 },
  retry_count: 3,
};

describe('analytics API: figures from a known sequence of delivery outcomes', () => {
  let stack: HeraldStack;
  let connection: JetStreamConnection;
  let publisher: Publisher;
  let topology: Topology;
  /** Messages put in DELIVERIES, and the outcomes in them. */
  let messages = 0;
  let published = 0;

  async function api<T>(path: string, token: string | null = TOKEN): Promise<{ status: number; body: T }> {
    const response = await fetch(stack.url('analytics', path), { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: response.status, body: (await response.json()) as T };
  }

  /**
   * Publishes outcomes as dispatch does: one message per outcome kind and receiver, at most
   * `perMessage` outcomes each. `msgIdSuffix` gives the messages new ids (past the broker's
   * duplicate window) for outcomes sent before.
   */
  async function publish(outcomes: readonly DeliveryOutcome[], msgIdSuffix = '', perMessage?: number): Promise<void> {
    for (const batch of outcomeBatches(outcomes, perMessage)) {
      const payload = { outcomes: batch };
      await publisher.publish('deliveryOutcomes', payload, msgIdSuffix ? { msgId: `${MESSAGES.deliveryOutcomes.id(payload)}${msgIdSuffix}` } : {});
      messages += 1;
    }
    published += outcomes.length;
  }

  /** An outcome as the previous version published it: the bare outcome, its own id, its own CloudEvents type. */
  async function publishSingle(o: DeliveryOutcome): Promise<void> {
    const h = natsHeaders();
    const ce = cloudEventHeaders({ id: o.id, type: 'io.herald.delivery.outcome.v1', source: '/herald/dispatch', time: new Date().toISOString() });
    for (const [name, value] of Object.entries(ce)) h.set(name, value);
    await connection.js.publish(topology.subject(`deliveries.${o.outcome}.${o.receiverId}`), JSON.stringify(o), { msgID: o.id, headers: h });
    messages += 1;
    published += 1;
  }

  /** Every message in DELIVERIES delivered to analytics and acknowledged. */
  async function drained(): Promise<void> {
    await waitFor(
      async () => {
        try {
          const info = await connection.jsm.consumers.info(topology.stream('DELIVERIES'), 'analytics-deliveries');
          return info.num_pending === 0 && info.num_ack_pending === 0 && info.ack_floor.stream_seq >= messages;
        } catch {
          return false;
        }
      },
      'analytics to acknowledge every outcome',
      20_000,
    );
  }

  function withoutPeriod<T extends { period?: unknown }>(answer: T): Omit<T, 'period'> {
    const { period: _period, ...rest } = answer;
    return rest;
  }

  before(async () => {
    stack = await HeraldStack.start({
      config: 'integrations: []\n',
      services: ['analytics'],
      env: { HERALD_ADMIN_TOKEN: TOKEN },
      // Small batches, so a kill can land between them.
      serviceEnv: { analytics: { ANALYTICS_BATCH_SIZE: '20' } },
    });
    topology = new Topology(stack.namespace);
    connection = await JetStreamConnection.connect({ url: NATS_URL, name: 'analytics-e2e', logger: pino({ level: 'silent' }) });
    publisher = new Publisher(connection, topology, '/herald/test');
    await publish([...OPS, ...SLACK]);
    await publishSingle(OLD);
    await drained();
  });

  after(async () => {
    await connection?.close();
    await stack?.stop();
    await stack?.cleanup();
  });

  it('answers a receiver\'s figures for the period', async () => {
    const { status, body } = await api<ReceiverAnswer>('/v1/analytics/receivers/ops-webhook?period_days=7');
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.receiver, 'ops-webhook');
    assert.equal(body.period.hours, 168);
    const { channels, receiver: _r, period: _p, ...figures } = body;
    assert.deepEqual(figures, EXPECTED_OPS_7D);
    assert.deepEqual(channels, [{ channel: 'webhook', ...EXPECTED_OPS_7D }]);
  });

  it("answers the same receiver in seed 001's shape, Herald's answer beside it", async () => {
    const { status, body } = await api<Record<string, unknown> & { herald: ReceiverAnswer }>('/v1/analytics/webhooks/ops-webhook?period_days=7');
    assert.equal(status, 200, JSON.stringify(body));
    const { herald, ...seed } = body;
    assert.deepEqual(seed, {
      webhook_id: 'ops-webhook',
      period_days: 7,
      total_events: 6,
      successful_deliveries: 2,
      failed_deliveries: 3,
      retry_count: 3,
      success_rate: 40,
      avg_response_time_ms: 726.714,
      min_response_time_ms: 3,
      max_response_time_ms: 5_000,
      p95_response_time_ms: 5_000,
      http_4xx_errors: 1,
      http_5xx_errors: 1,
      timeout_errors: 1,
      network_errors: 2,
    });
    assert.deepEqual(withoutPeriod(herald).channels, [{ channel: 'webhook', ...EXPECTED_OPS_7D }]);
    assert.equal((await api<unknown>('/v1/analytics/webhooks/ops-webhook?period_days=500')).status, 400);
  });

  it('widens with period_days and defaults to 7 days', async () => {
    const wide = (await api<ReceiverAnswer>('/v1/analytics/receivers/ops-webhook?period_days=30')).body;
    assert.equal(wide.total_events, 7);
    assert.equal(wide.successful_deliveries, 3);
    assert.equal(wide.response_time_ms.samples, 8);
    const byDefault = (await api<ReceiverAnswer>('/v1/analytics/receivers/ops-webhook')).body;
    assert.equal(byDefault.period.hours, 168);
    assert.equal(byDefault.total_events, 6);
  });

  it('computes p95 within the stated bound', async () => {
    const { body } = await api<ReceiverAnswer>('/v1/analytics/receivers/team-slack?period_days=1');
    assert.equal(body.response_time_ms.samples, 20);
    assert.equal(body.response_time_ms.min, 1);
    assert.equal(body.response_time_ms.max, 20);
    assert.equal(body.response_time_ms.avg, 10.5);
    const p95 = body.response_time_ms.p95!;
    assert.ok(Math.abs(p95 - 19) <= 19 * body.response_time_ms.p95_relative_error, `p95 ${p95} vs exact 19`);
    assert.equal(body.success_rate, 1);
  });

  it('answers zeros, not 404, for a receiver without data', async () => {
    const { status, body } = await api<ReceiverAnswer>('/v1/analytics/receivers/nobody?period_days=7');
    assert.equal(status, 200);
    assert.equal(body.total_events, 0);
    assert.equal(body.success_rate, null);
    assert.equal(body.response_time_ms.p95, null);
    assert.deepEqual(body.channels, []);
  });

  it('summarises across receivers with per-channel and per-receiver rows', async () => {
    const { status, body } = await api<SummaryAnswer>('/v1/analytics/summary?period=24h');
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.period.hours, 24);
    assert.equal(body.totals.total_events, 26);
    assert.equal(body.totals.successful_deliveries, 22);
    assert.equal(body.totals.failed_deliveries, 3);
    assert.equal(body.totals.response_time_ms.samples, 27);
    assert.equal(body.totals.response_time_ms.max, 5_000);
    assert.deepEqual(body.channels.map((c) => [c.channel, c.total_events, c.successful_deliveries]), [
      ['slack', 20, 20],
      ['webhook', 6, 2],
    ]);
    assert.deepEqual(body.receivers.map((r) => [r.receiver, r.total_attempts]), [
      ['ops-webhook', 8],
      ['team-slack', 20],
    ]);
    assert.equal((await api<SummaryAnswer>('/v1/analytics/summary?period=30d')).body.totals.total_events, 27);
    assert.equal((await api<SummaryAnswer>('/v1/analytics/summary')).body.period.hours, 24);
  });

  it('refuses bad parameters with 400 naming the field, and requests without the token with 401', async () => {
    for (const [path, field] of [
      ['/v1/analytics/receivers/ops-webhook?period_days=0', 'period_days'],
      ['/v1/analytics/receivers/ops-webhook?period_days=91', 'period_days'],
      ['/v1/analytics/receivers/ops-webhook?period_days=week', 'period_days'],
      ['/v1/analytics/receivers/ops.webhook', 'id'],
      ['/v1/analytics/summary?period=91d', 'period'],
      ['/v1/analytics/summary?period=1w', 'period'],
    ] as const) {
      const { status, body } = await api<{ error: string; field: string; message: string }>(path);
      assert.equal(status, 400, path);
      assert.equal(body.error, 'INVALID_QUERY');
      assert.equal(body.field, field);
      assert.match(body.message, new RegExp(field));
    }
    assert.equal((await api('/v1/analytics/summary', null)).status, 401);
    assert.equal((await api('/v1/analytics/summary', 'wrong-token-wrong-token')).status, 401);
  });

  it('counts the known sequence on /metrics', async () => {
    const metrics = await stack.metrics('analytics');
    const ops = { receiver: 'ops-webhook', channel: 'webhook' };
    assert.equal(metricValue(metrics, 'herald_notifications_total', { ...ops, outcome: 'delivered' }), 3);
    // Final outcomes only: a retry is an attempt (below), so a sum over outcome counts notifications.
    assert.doesNotMatch(metrics, /^herald_notifications_total\{[^}]*outcome="retrying"/m);
    assert.equal(metricValue(metrics, 'herald_notifications_total', { ...ops, outcome: 'dead' }), 1);
    assert.equal(metricValue(metrics, 'herald_notifications_total', { ...ops, outcome: 'muted' }), 1);
    assert.equal(metricValue(metrics, 'herald_notification_attempts_total', { ...ops, status_class: 'network' }), 2);
    assert.equal(metricValue(metrics, 'herald_notification_retries_total', ops), 3);
    assert.equal(metricValue(metrics, 'herald_notification_attempt_duration_seconds_count', { channel: 'slack' }), 20);
    assert.equal(metricValue(metrics, 'herald_notification_attempt_duration_seconds_bucket', { channel: 'slack', le: '0.01' }), 10);
    assert.equal(metricValue(metrics, 'herald_analytics_duplicate_outcomes_total'), 0);
  });

  it('ignores a republished outcome id: figures unchanged', async () => {
    const before = (await api<ReceiverAnswer>('/v1/analytics/receivers/ops-webhook?period_days=30')).body;
    // A different Nats-Msg-Id gets past the broker's duplicate window; the outcome id is the same.
    await publish([OPS[0]!, OPS[3]!, SLACK[0]!], '-again');
    await drained();
    const after = (await api<ReceiverAnswer>('/v1/analytics/receivers/ops-webhook?period_days=30')).body;
    assert.deepEqual(withoutPeriod(after), withoutPeriod(before));
    const metrics = await stack.metrics('analytics');
    assert.equal(metricValue(metrics, 'herald_analytics_duplicate_outcomes_total'), 3);
    assert.equal(metricValue(metrics, 'herald_notifications_total', { receiver: 'ops-webhook', channel: 'webhook', outcome: 'delivered' }), 3);
  });

  it('counts each outcome of a batch message, and an outcome arriving again in another batch once', async () => {
    const duplicatesBefore = metricValue(await stack.metrics('analytics'), 'herald_analytics_duplicate_outcomes_total');
    const batch = Array.from({ length: 5 }, (_, i) => outcome(`batched${i}`, 1, { receiverId: 'batched', durationMs: 10 }));
    const messagesBefore = messages;
    await publish(batch);
    assert.equal(messages - messagesBefore, 1, 'five outcomes of one kind and receiver travel in one message');
    await drained();
    let figures = (await api<ReceiverAnswer>('/v1/analytics/receivers/batched?period_days=1')).body;
    assert.equal(figures.total_events, 5);
    assert.equal(figures.successful_deliveries, 5);
    // Another message (another id: other outcomes) holding two outcomes counted already and one new one.
    await publish([batch[1]!, outcome('batched5', 1, { receiverId: 'batched', durationMs: 10 }), batch[3]!]);
    await drained();
    figures = (await api<ReceiverAnswer>('/v1/analytics/receivers/batched?period_days=1')).body;
    assert.equal(figures.total_events, 6);
    assert.equal(figures.response_time_ms.samples, 6);
    const metrics = await stack.metrics('analytics');
    assert.equal(metricValue(metrics, 'herald_analytics_duplicate_outcomes_total'), duplicatesBefore + 2);
    assert.equal(metricValue(metrics, 'herald_notifications_total', { receiver: 'batched', channel: 'webhook', outcome: 'delivered' }), 6);
  });

  it('reads a single outcome left in DELIVERIES by an earlier version', async () => {
    // OLD went in as a bare outcome (before()); it is counted in the 30-day figures.
    const wide = (await api<ReceiverAnswer>('/v1/analytics/receivers/ops-webhook?period_days=30')).body;
    assert.equal(wide.total_events, 7);
    await publishSingle(outcome('single', 1, { receiverId: 'single-receiver', outcome: 'dead', statusClass: '5xx', statusCode: 502, durationMs: 7 }));
    await drained();
    const figures = (await api<ReceiverAnswer>('/v1/analytics/receivers/single-receiver?period_days=1')).body;
    assert.equal(figures.total_events, 1);
    assert.equal(figures.dead_deliveries, 1);
    assert.equal(figures.errors['5xx'], 1);
  });

  it('keeps figures after a SIGKILL restart that redelivers every outcome already counted', async () => {
    const receiverBefore = withoutPeriod((await api<ReceiverAnswer>('/v1/analytics/receivers/ops-webhook?period_days=30')).body);
    const summaryBefore = withoutPeriod((await api<SummaryAnswer>('/v1/analytics/summary?period=30d')).body);
    await stack.kill('analytics');
    // A fresh durable starts from the first message: every outcome comes again, as after a crash between commit and ack.
    await connection.jsm.consumers.delete(topology.stream('DELIVERIES'), 'analytics-deliveries');
    await stack.startService('analytics');
    await drained();
    await waitFor(
      async () => metricValue(await stack.metrics('analytics'), 'herald_analytics_duplicate_outcomes_total') === published,
      `all ${published} redelivered outcomes to be recognised as duplicates`,
    );
    assert.deepEqual(withoutPeriod((await api<ReceiverAnswer>('/v1/analytics/receivers/ops-webhook?period_days=30')).body), receiverBefore);
    assert.deepEqual(withoutPeriod((await api<SummaryAnswer>('/v1/analytics/summary?period=30d')).body), summaryBefore);
    // Counters restart from 0 (Prometheus handles resets) but the series are there from the start.
    const metrics = await stack.metrics('analytics');
    assert.match(metrics, /^herald_notifications_total\{receiver="ops-webhook",channel="webhook",outcome="delivered"\} 0$/m);
    assert.match(metrics, /^herald_notifications_total\{receiver="team-slack",channel="slack",outcome="failed"\} 0$/m);
  });

  it('counts exactly once when killed in the middle of consuming', async (t) => {
    const summaryBefore = (await api<SummaryAnswer>('/v1/analytics/summary?period=24h')).body.totals;
    const burst = Array.from({ length: 400 }, (_, i) => outcome(`burst${i}`, 1, { receiverId: 'burst', durationMs: (i % 50) + 1 }));
    // Two outcomes a message, so the 400 make 200 messages (ten fetches of 20) and the kill lands between batches.
    await publish(burst, '', 2);
    await waitFor(async () => (await api<ReceiverAnswer>('/v1/analytics/receivers/burst?period_days=1')).body.total_events > 0, 'analytics to start on the burst', 20_000, 5);
    await stack.kill('analytics');
    const atKill = (await connection.jsm.consumers.info(topology.stream('DELIVERIES'), 'analytics-deliveries')).ack_floor.stream_seq;
    t.diagnostic(`killed with ${messages - atKill} messages not yet acknowledged`);
    // What the killed process held unacknowledged would come back after the ack wait (30 s);
    // a fresh durable hands back everything at once, committed or not.
    await connection.jsm.consumers.delete(topology.stream('DELIVERIES'), 'analytics-deliveries');
    await stack.startService('analytics');
    await drained();
    const burstFigures = (await api<ReceiverAnswer>('/v1/analytics/receivers/burst?period_days=1')).body;
    assert.equal(burstFigures.total_events, 400);
    assert.equal(burstFigures.successful_deliveries, 400);
    assert.equal(burstFigures.response_time_ms.samples, 400);
    assert.equal(burstFigures.response_time_ms.avg, 25.5);
    const summaryAfter = (await api<SummaryAnswer>('/v1/analytics/summary?period=24h')).body.totals;
    assert.equal(summaryAfter.total_events, summaryBefore.total_events + 400);
  });
});
