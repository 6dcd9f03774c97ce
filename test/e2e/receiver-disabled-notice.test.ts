import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiCaller } from '../support/api.js';
import { DeliveryJobs } from '../support/delivery-jobs.js';
import { TestReceiver, type ReceivedRequest } from '../support/receiver.js';
import { HeraldStack, tearDown } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

/*
 * When the delivery engine disables a receiver (it answered 410, or failed without a break for
 * its disable period), the operations receiver (DISPATCH_OPS_RECEIVER) is told, as Svix's
 * endpoint.disabled event tells its users: a real dispatch service, real HTTP receivers.
 */

const TOKEN = 'e2e-admin-token-disabled-01';

interface Notice {
  type: string;
  incident: { summary: string; severity: string; labels: Record<string, string> };
  event: { data: { details: Record<string, string> } };
}

describe('a receiver disabled by Herald is announced to the operations receiver', () => {
  const target = new TestReceiver((request) => ({ status: request.path === '/gone' ? 410 : request.path === '/flaky' ? 500 : 200 }));
  const notices = (receiver: string): ReceivedRequest[] => target.requests.filter((r) => r.path === '/ops' && r.json<Notice>().incident.labels.receiver === receiver);
  let stack: HeraldStack;
  let jobs: DeliveryJobs;

  before(async () => {
    await target.start();
    const hook = (id: string, extra = ''): string => `
    - id: ${id}
      name: ${id} hook
      channel: webhook
      settings: { url: "${target.url(`/${id}`)}" }${extra}`;
    stack = await HeraldStack.start({
      services: ['dispatch'],
      env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8', DISPATCH_OPS_RECEIVER: 'ops', HERALD_ADMIN_TOKEN: TOKEN },
      config: `
dispatch:
  receivers:${hook('ops')}${hook('gone')}${hook(
        'flaky',
        `
      disableAfterSeconds: 1
      retry: { kind: fixed, initialDelayMs: 1500, maxDelayMs: 1500, maxAttempts: 3, jitter: 0 }`,
      )}
`,
    });
    jobs = await DeliveryJobs.connect(stack);
  });

  after(() => tearDown(stack, [jobs], [target]));

  it('410 Gone: the receiver is disabled and the operations receiver gets one HeraldReceiverDisabled notice', async () => {
    await jobs.send('gone');
    await waitFor(() => notices('gone').length > 0, 'the notice about "gone" at the operations receiver');
    const notice = notices('gone')[0]!.json<Notice>();
    assert.equal(notice.type, 'incident.triggered');
    assert.deepEqual(
      [notice.incident.labels.alertname, notice.incident.labels.herald_event, notice.incident.labels.reason, notice.incident.severity],
      ['HeraldReceiverDisabled', 'receiver.disabled', 'gone', 'error'],
    );
    assert.match(notice.incident.summary, /disabled receiver "gone hook" \(gone\): it answered 410 Gone/);
    assert.equal(notice.event.data.details.resume, 'POST /v1/receivers/gone/resume');
    const shown = await apiCaller((path) => stack.url('dispatch', path), TOKEN)('GET', '/v1/receivers/gone');
    assert.equal(shown.body.status, 'disabled');

    // Later jobs end unsent (the receiver is disabled): no second notice.
    const later = await jobs.send('gone');
    await waitFor(async () => (await jobs.delivery(later.id))?.status !== undefined, 'the later job to be recorded');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(notices('gone').length, 1);
  });

  it('failing without a break for its disable period: disabled and announced with when it started failing', async () => {
    await jobs.send('flaky');
    await waitFor(() => notices('flaky').length > 0, 'the notice about "flaky" at the operations receiver', 20_000);
    const notice = notices('flaky')[0]!.json<Notice>();
    assert.equal(notice.incident.labels.reason, 'failing');
    assert.match(notice.incident.summary, /it kept failing/);
    assert.ok(Date.parse(notice.event.data.details.failingSince ?? '') < Date.parse(notice.event.data.details.disabledAt ?? ''));
  });

  it('the notice is a delivery like any other: logged for the operations receiver', async () => {
    const logged = async (): Promise<string[][]> =>
      (await jobs.query<{ job_id: string; status: string }>(`SELECT job_id, status FROM $schema.deliveries WHERE receiver_id = 'ops' AND job_id LIKE 'receiver-disabled.%'`))
        .map((r) => [r.job_id.split('.')[1]!, r.status])
        .sort();
    // The row is written once the operations receiver has answered: the request may be seen a moment before.
    await waitFor(async () => (await logged()).length === 2, 'both notices logged');
    assert.deepEqual(await logged(), [['flaky', 'delivered'], ['gone', 'delivered']]);
  });
});
