import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { alertmanagerIntegrationYaml, alertmanagerWebhook, postJson } from '../support/alerts.js';
import { DeliveryJobs } from '../support/delivery-jobs.js';
import { TestReceiver, type ReceivedRequest } from '../support/receiver.js';
import { HeraldStack, metricValue, tearDown } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

/*
 * Direct sends: routing makes the first attempt of a fresh job to a healthy receiver itself,
 * with no DISPATCH message. Its retries still go through DISPATCH (after the retry delay), and
 * a SIGKILL while direct sends are under way loses none: the restarted replica finds the dead
 * one's jobs without an outcome and hands them to DISPATCH.
 */

const KEY = 'e2e-direct-send-key-0001';
const RETRY_DELAY_MS = 800;
const INSTANCE_TTL_MS = 1_500;

interface LogRow {
  job_id: string;
  sent_by: string | null;
  published_at: Date | null;
}

describe('dispatch: direct sends from routing', () => {
  let stack: HeraldStack;
  let jobs: DeliveryJobs;
  const healthy = new TestReceiver();
  // Each job's first request is refused with 503, the next accepted.
  const seen = new Set<string>();
  const flaky = new TestReceiver((request) => {
    const id = String(request.headers['webhook-id']);
    if (seen.has(id)) return { status: 200 };
    seen.add(id);
    return { status: 503 };
  });
  // Slow until told otherwise: the first requests are still under way when dispatch is killed.
  const slow = new TestReceiver(() => ({ status: 200, delayMs: 5_000 }));

  const alert = async (labels: Record<string, string>, fingerprint: string) => {
    const response = await postJson(
      stack.url('ingestion', '/v1/webhooks/direct-am'),
      alertmanagerWebhook([{ labels: { alertname: 'DirectSend', ...labels }, summary: `direct ${fingerprint}`, fingerprint }]),
      { authorization: `Bearer ${KEY}` },
    );
    assert.equal(response.status, 202, JSON.stringify(response.body));
  };
  const logOf = (receiverId: string) => jobs.query<LogRow>('SELECT job_id, sent_by, published_at FROM $schema.notification_log WHERE receiver_id = $1', [receiverId]);
  const hook = (id: string, r: TestReceiver) => `
    - id: ${id}
      name: ${id}
      channel: webhook
      settings: { url: "${r.url(`/${id}`)}" }
      retry: { kind: fixed, initialDelayMs: ${RETRY_DELAY_MS}, maxDelayMs: ${RETRY_DELAY_MS}, maxAttempts: 5, jitter: 0 }`;

  before(async () => {
    for (const r of [healthy, flaky, slow]) await r.start();
    stack = await HeraldStack.start({
      env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8', DISPATCH_INSTANCE_TTL_MS: String(INSTANCE_TTL_MS) },
      config: `${alertmanagerIntegrationYaml('direct-am', KEY)}
dispatch:
  receivers:${hook('healthy', healthy)}${hook('flaky', flaky)}${hook('slow', slow)}
  route:
    receiver: healthy
    routes:
      - matchers: ['team="flaky"']
        receiver: flaky
      - matchers: ['team="slow"']
        receiver: slow
`,
    });
    jobs = await DeliveryJobs.connect(stack);
  });

  after(async () => {
    await tearDown(stack, [jobs], [healthy, flaky, slow]);
  });

  it('sends a fresh notification to a healthy receiver without a DISPATCH message', async () => {
    for (let i = 0; i < 5; i += 1) await alert({ team: 'ops', n: String(i) }, `healthy-${i}`);
    await healthy.waitForCount(5);

    const rows = await logOf('healthy');
    assert.equal(rows.length, 5);
    for (const row of rows) {
      assert.ok(row.sent_by, `${row.job_id} was sent by a named dispatch replica`);
      assert.equal(row.published_at, null, `${row.job_id} never went to DISPATCH`);
      await waitFor(async () => (await jobs.delivery(row.job_id))?.status === 'delivered', `${row.job_id} logged as delivered`);
      assert.deepEqual(
        (await jobs.attempts(row.job_id)).map((a) => [a.attempt, a.outcome, a.status_code]),
        [[1, 'delivered', 200]],
      );
    }
    assert.equal(await jobs.published('DISPATCH'), 0, 'no job went through the DISPATCH stream');
    await waitFor(async () => (await jobs.outcomes()).filter((o) => o.receiverId === 'healthy' && o.outcome === 'delivered').length === 5, 'five outcomes on DELIVERIES');
    assert.equal(metricValue(await stack.metrics('dispatch'), 'herald_dispatch_direct_sends_total', { result: 'sent' }), 5);
  });

  it('hands a failed direct attempt to DISPATCH, which retries it after the retry delay', async () => {
    const before = await jobs.published('DISPATCH');
    await alert({ team: 'flaky' }, 'flaky-1');
    await flaky.waitForCount(2);

    const [row] = await logOf('flaky');
    assert.ok(row?.sent_by, 'the first attempt was direct');
    await waitFor(async () => (await jobs.delivery(row.job_id))?.status === 'delivered', 'the retry delivered');
    assert.deepEqual(
      (await jobs.attempts(row.job_id)).map((a) => [a.attempt, a.outcome, a.status_code]),
      [
        [1, 'retrying', 503],
        [2, 'delivered', 200],
      ],
    );
    const [first, second] = flaky.requests as [ReceivedRequest, ReceivedRequest];
    assert.ok(second.at - first.at >= RETRY_DELAY_MS - 30, `the retry waited its delay (${second.at - first.at} ms)`);
    assert.equal(await jobs.published('DISPATCH'), before + 1, 'the retry went through DISPATCH');
    assert.ok((await logOf('flaky'))[0]!.published_at, 'the handed-over job is marked published');
    assert.equal(flaky.requests.length, 2, 'sent twice in all: the refused attempt and the retry');
  });

  it('loses nothing when dispatch is killed with direct sends under way', async () => {
    const count = 4;
    for (let i = 0; i < count; i += 1) await alert({ team: 'slow', n: String(i) }, `slow-${i}`);
    await slow.waitForCount(count);
    const rows = await logOf('slow');
    assert.equal(rows.length, count);
    assert.ok(rows.every((r) => r.sent_by && !r.published_at), 'all under way as direct sends');

    await stack.kill('dispatch');
    slow.respondWith(() => ({ status: 200 }));
    await stack.startService('dispatch');

    for (const row of rows) {
      await waitFor(async () => (await jobs.delivery(row.job_id))?.status === 'delivered', `${row.job_id} delivered after the restart`, 30_000);
      // The attempt the kill cut off was never recorded: the one that counts is attempt 1.
      assert.deepEqual(
        (await jobs.attempts(row.job_id)).map((a) => [a.attempt, a.outcome]),
        [[1, 'delivered']],
      );
    }
    const byJob = (id: string) => slow.requests.filter((r) => r.headers['webhook-id'] === id).length;
    for (const row of rows) assert.equal(byJob(row.job_id), 2, `${row.job_id}: the cut-off request and the one after the restart`);
    assert.equal(metricValue(await stack.metrics('dispatch'), 'herald_dispatch_direct_sends_total', { result: 'swept' }), count);
    const outcomes = (await jobs.outcomes()).filter((o) => o.receiverId === 'slow');
    for (const row of rows) {
      assert.deepEqual(
        outcomes.filter((o) => o.jobId === row.job_id).map((o) => `${o.attempt}:${o.outcome}`),
        ['1:delivered'],
        `one outcome for ${row.job_id}`,
      );
    }
  });
});
