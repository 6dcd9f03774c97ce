import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHmac } from 'node:crypto';
import { DeliveryJobs } from '../support/delivery-jobs.js';
import { TestReceiver } from '../support/receiver.js';
import { HeraldStack, metricValue, tearDown } from '../support/stack.js';
import { sleep, waitFor } from '../support/wait.js';

/*
 * Batch sending (seed 001's batch_events / batch_size / batch_timeout_seconds, seed 004's
 * send_batch) against real HTTP receivers: a full batch is one request carrying every
 * notification, a partial one goes when its timeout passes, a failed batch comes back job by
 * job and is delivered without losing or doubling any, and each notification is still logged,
 * published and counted on its own.
 */

const TOKEN = 'batching-admin-token-0000000001';
const SECRET = `whsec_${Buffer.from('batching-test-secret-32-bytes-long!').toString('base64')}`;
const RETRY = '{ kind: fixed, initialDelayMs: 300, maxDelayMs: 300, maxAttempts: 5, jitter: 0 }';

interface Item {
  readonly incident: { readonly id: string; readonly labels: Record<string, string> };
}

describe('dispatch delivery: batch sending', () => {
  let stack: HeraldStack;
  let jobs: DeliveryJobs;
  const full = new TestReceiver();
  const partial = new TestReceiver();
  // The first request fails: its whole batch comes back, job by job.
  const failsOnce = new TestReceiver((_r, i) => (i === 0 ? { status: 503 } : { status: 200 }));
  const splunk = new TestReceiver();
  const survivor = new TestReceiver();
  const datadog = new TestReceiver();
  const receivers = [full, partial, failsOnce, splunk, survivor, datadog];

  before(async () => {
    for (const r of receivers) await r.start();
    stack = await HeraldStack.start({
      services: ['dispatch'],
      env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8', HERALD_ADMIN_TOKEN: TOKEN },
      config: `
dispatch:
  receivers:
    - id: full
      name: full
      channel: webhook
      settings: { url: "${full.url('/full')}", signing: { secrets: ["${SECRET}"] } }
      batch: { size: 5, timeoutSeconds: 30 }
    - id: partial
      name: partial
      channel: webhook
      settings: { url: "${partial.url('/partial')}" }
      batch: { size: 50, timeoutSeconds: 0.5 }
    - id: fails-once
      name: fails-once
      channel: webhook
      settings: { url: "${failsOnce.url('/fails-once')}" }
      retry: ${RETRY}
      batch: { size: 4, timeoutSeconds: 30 }
    - id: splunk
      name: splunk
      channel: splunk
      settings: { url: "${splunk.url('/services/collector/event')}", token: "hec-token" }
      batch: { size: 3, timeoutSeconds: 30 }
    - id: datadog
      name: datadog
      channel: datadog
      settings: { apiKey: "0123456789abcdef0123456789abcdef", logsUrl: "${datadog.url('/api/v2/logs')}" }
      batch: { size: 2, timeoutSeconds: 30 }
    - id: survivor
      name: survivor
      channel: webhook
      settings: { url: "${survivor.url('/survivor')}" }
      batch: { size: 10, timeoutSeconds: 2 }
`,
    });
    jobs = await DeliveryJobs.connect(stack);
  });

  after(() => tearDown(stack, [jobs], receivers));

  it('a batch of 5 is one signed request holding all 5 notifications, and 5 logged deliveries', async () => {
    const sent = await Promise.all(Array.from({ length: 5 }, (_, i) => jobs.send('full', 'webhook', { n: String(i) })));
    await waitFor(() => full.requests.length >= 1, 'the batch request');
    await sleep(300);
    assert.equal(full.requests.length, 1, 'one request for the whole batch');
    const request = full.requests[0]!;
    const items = request.json<Item[]>();
    assert.ok(Array.isArray(items), 'the body is a JSON array');
    assert.deepEqual(
      items.map((i) => i.incident.id).sort(),
      sent.map((j) => j.message.incident.id).sort(),
    );
    // Signed as one message: a Standard Webhooks verifier accepts the batch body as sent.
    const id = String(request.headers['webhook-id']);
    assert.match(id, /^batch_[0-9a-f]{32}$/);
    const expected = createHmac('sha256', Buffer.from(SECRET.slice('whsec_'.length), 'base64'))
      .update(`${id}.${String(request.headers['webhook-timestamp'])}.${request.body}`)
      .digest('base64');
    assert.ok(String(request.headers['webhook-signature']).split(' ').includes(`v1,${expected}`), 'the batch body verifies as sent');

    for (const job of sent) {
      await waitFor(async () => (await jobs.delivery(job.id))?.status === 'delivered', `job ${job.id} delivered`);
      const attempts = await jobs.attempts(job.id);
      assert.deepEqual(
        attempts.map((a) => [a.attempt, a.outcome, a.status_code]),
        [[1, 'delivered', 200]],
      );
    }
    await waitFor(async () => (await jobs.outcomes()).filter((o) => sent.some((j) => j.id === o.jobId)).length === 5, 'five outcomes on DELIVERIES');
    const metrics = await stack.metrics('dispatch');
    assert.equal(metricValue(metrics, 'herald_delivery_batch_notifications_sum', { channel: 'webhook' }) >= 5, true);
  });

  it('a partial batch goes when its timeout has passed', async () => {
    const sent = await Promise.all(Array.from({ length: 3 }, (_, i) => jobs.send('partial', 'webhook', { n: String(i) })));
    await waitFor(() => partial.requests.length >= 1, 'the partial batch after its timeout', 5_000);
    const first = partial.requests[0]!;
    assert.equal(first.json<Item[]>().length, 3);
    for (const job of sent) await waitFor(async () => (await jobs.delivery(job.id))?.status === 'delivered', `job ${job.id} delivered`);
    assert.equal(partial.requests.length, 1);
  });

  it('a failed batch is retried job by job: none lost, none delivered twice', async () => {
    const sent = await Promise.all(Array.from({ length: 4 }, (_, i) => jobs.send('fails-once', 'webhook', { n: String(i) })));
    for (const job of sent) await waitFor(async () => (await jobs.delivery(job.id))?.status === 'delivered', `job ${job.id} delivered`, 15_000);
    const [failed, ...later] = failsOnce.requests;
    assert.equal(failed!.json<Item[]>().length, 4, 'the first request carried the whole batch');
    // Every incident reached the receiver exactly once in an answered-200 request.
    const deliveredIds = later.flatMap((r) => r.json<Item[]>().map((i) => i.incident.id));
    assert.deepEqual(deliveredIds.sort(), sent.map((j) => j.message.incident.id).sort());
    for (const job of sent) {
      const attempts = await jobs.attempts(job.id);
      assert.deepEqual(
        attempts.map((a) => [a.attempt, a.outcome, a.status_code]),
        [
          [1, 'retrying', 503],
          [2, 'delivered', 200],
        ],
      );
    }
  });

  it('Splunk HEC: one request, the events one after another', async () => {
    const sent = await Promise.all(Array.from({ length: 3 }, (_, i) => jobs.send('splunk', 'splunk', { n: String(i) })));
    await waitFor(() => splunk.requests.length >= 1, 'the HEC batch');
    const request = splunk.requests[0]!;
    assert.equal(request.headers.authorization, 'Splunk hec-token');
    const events = request.body.split('\n').map((line) => JSON.parse(line) as { event: { incident: { id: string } } });
    assert.deepEqual(
      events.map((e) => e.event.incident.id).sort(),
      sent.map((j) => j.message.incident.id).sort(),
    );
    for (const job of sent) await waitFor(async () => (await jobs.delivery(job.id))?.status === 'delivered', `job ${job.id} delivered`);
  });

  it('Datadog: one request to the Logs intake, a log entry per notification', async () => {
    const sent = await Promise.all(Array.from({ length: 2 }, (_, i) => jobs.send('datadog', 'datadog', { n: String(i) })));
    await waitFor(() => datadog.requests.length >= 1, 'the Datadog batch');
    const request = datadog.requests[0]!;
    assert.equal(request.path, '/api/v2/logs');
    assert.equal(request.headers['dd-api-key'], '0123456789abcdef0123456789abcdef');
    const entries = request.json<Array<{ ddsource: string; herald: { incident: { id: string } } }>>();
    assert.deepEqual(
      entries.map((e) => e.herald.incident.id).sort(),
      sent.map((j) => j.message.incident.id).sort(),
    );
    assert.ok(entries.every((e) => e.ddsource === 'herald'));
    for (const job of sent) await waitFor(async () => (await jobs.delivery(job.id))?.status === 'delivered', `job ${job.id} delivered`);
  });

  it('jobs waiting for a batch survive a SIGKILL of dispatch: each is delivered once after the restart', async () => {
    const sent = await Promise.all(Array.from({ length: 3 }, (_, i) => jobs.send('survivor', 'webhook', { n: String(i) })));
    await sleep(500); // taken by the sender, waiting for their batch (size 10, 2 s)
    assert.equal(survivor.requests.length, 0);
    await stack.kill('dispatch');
    await stack.startService('dispatch');
    for (const job of sent) await waitFor(async () => (await jobs.delivery(job.id))?.status === 'delivered', `job ${job.id} delivered after the restart`, 20_000);
    const seen = survivor.requests.flatMap((r) => r.json<Item[]>().map((i) => i.incident.id));
    assert.deepEqual(seen.sort(), sent.map((j) => j.message.incident.id).sort(), 'each notification reached the receiver once');
  });

  it('the API refuses batching for a channel that takes one event per request, naming the field', async () => {
    const response = await fetch(stack.url('dispatch', '/v1/receivers'), {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'pager', channel: 'pagerduty', settings: { routingKey: 'R0123456789abcdef0123456789abcdef' }, batch: { size: 10 } }),
    });
    assert.equal(response.status, 400);
    const text = await response.text();
    assert.match(text, /batch/);
    assert.match(text, /cannot batch/);
    const list = await fetch(stack.url('dispatch', '/v1/receivers?channel=pagerduty'), { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(((await list.json()) as { items: unknown[] }).items.length, 0, 'nothing was created');
  });

  it('the API keeps and returns a receiver’s batch settings', async () => {
    const response = await fetch(stack.url('dispatch', '/v1/receivers'), {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'zapier', channel: 'webhook', settings: { url: 'https://hooks.example.com/catch/1' }, batch: { size: 10, timeoutSeconds: 30 } }),
    });
    assert.equal(response.status, 201, await response.clone().text());
    const created = (await response.json()) as { batch?: unknown };
    assert.deepEqual(created.batch, { size: 10, timeoutSeconds: 30 });
  });
});
