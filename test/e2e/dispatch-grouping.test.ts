import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { alertmanagerWebhook, postJson } from '../support/alerts.js';
import { DeliveryJobs } from '../support/delivery-jobs.js';
import { TestReceiver, type ReceivedRequest } from '../support/receiver.js';
import { HeraldStack, tearDown } from '../support/stack.js';
import { sleep, waitFor } from '../support/wait.js';

/*
 * Alertmanager's grouping over the running services, with time shortened by configuration
 * (group_wait 2 s, group_interval 3 s, a 100 ms flush tick): a storm of 100 alerts in one
 * group is one notification after group_wait, then one per group_interval with the reason of
 * the change; and a SIGKILL of dispatch while a group waits loses and duplicates nothing.
 */

const KEY = 'e2e-dispatch-grouping-key-01';
const WAIT_S = 2;
const INTERVAL_S = 3;

interface GroupPayload {
  version: number;
  groupKey: string;
  status: string;
  notification_reason: string;
  counts: { firing: number; resolved: number };
  groupLabels: Record<string, string>;
  alerts: Array<{ status: string; labels: Record<string, string>; startsAt: string; incident: { id: string } }>;
}

describe('dispatch: grouping through the running services', () => {
  let stack: HeraldStack;
  let db: DeliveryJobs;
  const receiver = new TestReceiver();
  const at = (path: string): ReceivedRequest[] => receiver.requests.filter((r) => r.path === path);
  const payloads = (path: string): GroupPayload[] => at(path).map((r) => r.json<GroupPayload>());

  const send = async (name: string, from: number, to: number, status: 'firing' | 'resolved' = 'firing'): Promise<void> => {
    const alerts = [];
    for (let i = from; i < to; i += 1) alerts.push({ labels: { alertname: name, instance: `host-${i}` }, summary: `${name} on host-${i}`, fingerprint: `${name}-${i}`, status });
    const response = await postJson(stack.url('ingestion', '/v1/webhooks/am'), alertmanagerWebhook(alerts), { authorization: `Bearer ${KEY}` });
    assert.equal(response.status, 202, JSON.stringify(response.body));
  };

  /** Waits for the n-th notification at `path`, then a whole group_interval more to see that no other follows it. */
  const nth = async (path: string, n: number): Promise<GroupPayload> => {
    await waitFor(() => at(path).length >= n, `notification ${n} at ${path}`, 60_000);
    await sleep(INTERVAL_S * 1_000 + 500);
    assert.equal(at(path).length, n, `exactly ${n} notifications at ${path}`);
    return payloads(path)[n - 1]!;
  };

  before(async () => {
    await receiver.start();
    stack = await HeraldStack.start({
      env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8' },
      serviceEnv: { dispatch: { DISPATCH_GROUP_TICK_MS: '100' } },
      config: `
integrations:
  - id: am
    name: Alertmanager
    source: alertmanager
    key: ${KEY}
dispatch:
  receivers:
    - id: grouped
      name: grouped
      channel: webhook
      settings: { url: "${receiver.url('/group')}" }
    - id: crash
      name: crash
      channel: webhook
      settings: { url: "${receiver.url('/crash')}" }
    - id: repair
      name: repair
      channel: webhook
      settings: { url: "${receiver.url('/repair')}" }
  route:
    receiver: grouped
    groupBy: [alertname]
    groupWaitSeconds: ${WAIT_S}
    groupIntervalSeconds: ${INTERVAL_S}
    routes:
      - matchers: ['alertname="Crash"']
        receiver: crash
        groupWaitSeconds: 6
`,
    });
    db = await DeliveryJobs.connect(stack);
  });

  after(() => tearDown(stack, [db], [receiver]));

  it('100 alerts in one group: one notification after group_wait, then one per group_interval with the reason of the change', async () => {
    const posted = Date.now();
    await send('Storm', 0, 100);
    const first = await nth('/group', 1);
    assert.equal(first.version, 2);
    assert.equal(first.notification_reason, 'first notification');
    assert.deepEqual(first.groupLabels, { alertname: 'Storm' });
    assert.deepEqual(first.counts, { firing: 100, resolved: 0 });
    assert.equal(new Set(first.alerts.map((a) => a.labels.instance)).size, 100, 'every incident of the storm listed once');
    // Not before group_wait: the group cannot have been created before the storm was posted.
    assert.ok(at('/group')[0]!.at - posted >= WAIT_S * 1_000, 'sent after group_wait');

    await send('Storm', 100, 105);
    const added = await nth('/group', 2);
    assert.equal(added.notification_reason, 'new alerts added');
    assert.deepEqual(added.counts, { firing: 105, resolved: 0 });
    assert.equal(added.groupKey, first.groupKey, 'the same group');

    await send('Storm', 0, 10, 'resolved');
    const some = await nth('/group', 3);
    assert.equal(some.notification_reason, 'some alerts resolved');
    assert.deepEqual(some.counts, { firing: 95, resolved: 10 });
    assert.deepEqual(
      some.alerts.filter((a) => a.status === 'resolved').map((a) => a.labels.instance).sort(),
      Array.from({ length: 10 }, (_, i) => `host-${i}`).sort(),
    );

    await send('Storm', 10, 105, 'resolved');
    const all = await nth('/group', 4);
    assert.equal(all.notification_reason, 'all alerts resolved');
    assert.equal(all.status, 'resolved');
    assert.deepEqual(all.counts, { firing: 0, resolved: 95 });

    // The group has ended: no state left, so nothing more is ever sent for it.
    const left = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM $schema.notification_groups WHERE receiver_id = $1', ['grouped']);
    assert.equal(left[0]!.n, 0);
  });

  it('SIGKILL of dispatch during group_wait loses and duplicates nothing', async () => {
    await send('Crash', 0, 20);
    // Every incident is in the group (committed), which now waits out its 6 s.
    await waitFor(async () => {
      const rows = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM $schema.notification_group_members m JOIN $schema.notification_groups g USING (group_key) WHERE g.receiver_id = 'crash'`,
      );
      return rows[0]!.n === 20;
    }, 'the 20 incidents to be in their group');
    assert.equal(at('/crash').length, 0, 'still within group_wait');
    await stack.kill('dispatch');
    await sleep(6_500);
    await stack.startService('dispatch');
    const notification = await nth('/crash', 1);
    assert.equal(notification.notification_reason, 'first notification');
    assert.deepEqual(notification.counts, { firing: 20, resolved: 0 });
    assert.equal(new Set(notification.alerts.map((a) => a.incident.id)).size, 20);
    const logged = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM $schema.notification_log WHERE kind = 'group' AND receiver_id = 'crash'`);
    assert.equal(logged[0]!.n, 1, 'one group notification logged');
  });

  it('a group notification committed but never published (a crash between the two) is published by the repair pass, once', async () => {
    // What a flush leaves when dispatch dies after its commit: the notification logged, unpublished. Made here from the
    // crash test's notification, for another receiver, logged 10 s ago.
    const inserted = await db.query<{ job_id: string }>(
      `INSERT INTO $schema.notification_log (job_id, root_job_id, kind, incident_id, event_id, receiver_id, channel, job, created_at)
       SELECT 'group.repair-test.1', 'group.repair-test.1', 'group', incident_id, event_id, 'repair', channel,
              jsonb_set(jsonb_set(job, '{id}', '"group.repair-test.1"'), '{receiverId}', '"repair"'), now() - interval '10 seconds'
         FROM $schema.notification_log WHERE kind = 'group' AND receiver_id = 'crash' RETURNING job_id`,
    );
    assert.equal(inserted.length, 1);
    const notification = await nth('/repair', 1);
    assert.deepEqual(notification.counts, { firing: 20, resolved: 0 });
    assert.equal(at('/repair')[0]!.headers['webhook-id'], 'group.repair-test.1');
    const marked = await db.query<{ published: boolean }>(`SELECT published_at IS NOT NULL AS published FROM $schema.notification_log WHERE job_id = 'group.repair-test.1'`);
    assert.equal(marked[0]!.published, true);
  });
});
