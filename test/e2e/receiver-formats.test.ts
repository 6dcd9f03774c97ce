import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DeliveryJobs } from '../support/delivery-jobs.js';
import { TestReceiver, type ReceivedRequest } from '../support/receiver.js';
import { HeraldStack, tearDown } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

/*
 * Formats as seed 004 shows them, sent by the running dispatch service to real HTTP servers:
 * Splunk HEC with a sourcetype per event type and a flat event, the ECS document with
 * event.category and event.type at an Elasticsearch URL given with its index path, a Teams
 * theme colour, a Slack channel override, and Slack threads with a bot token (a Slack-compatible
 * Web API served here: chat.postMessage answers ok with a ts).
 */

const BOT_TOKEN = 'xoxb-e2e-0000000000-threads';

interface SlackPost {
  channel?: string;
  thread_ts?: string;
  text: string;
}

describe('receiver formats (seed 004) and Slack threads through the running dispatch service', () => {
  let posts = 0;
  const target = new TestReceiver((request) => {
    if (request.path === '/api/chat.postMessage') {
      const { channel } = request.json<SlackPost>();
      if (channel === 'C0NOTHERE') return { status: 200, body: JSON.stringify({ ok: false, error: 'channel_not_found' }) };
      posts += 1;
      return { status: 200, body: JSON.stringify({ ok: true, channel, ts: `1700000000.${String(posts).padStart(6, '0')}`, message: { text: 'x'.repeat(2_000) } }) };
    }
    return { status: 200 };
  });
  const at = (path: string): ReceivedRequest[] => target.requests.filter((r) => r.path === path);
  let stack: HeraldStack;
  let jobs: DeliveryJobs;

  before(async () => {
    await target.start();
    const base = `http://127.0.0.1:${target.port}`;
    stack = await HeraldStack.start({
      services: ['dispatch'],
      env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8' },
      config: `
dispatch:
  receivers:
    - id: splunk
      name: Splunk HEC
      channel: splunk
      settings: { url: "${base}/services/collector/event", token: e2e-hec-token, source: herald, sourcetype: "herald:{event}", eventFormat: flat }
    - id: elastic
      name: Elasticsearch
      channel: elasticsearch
      settings: { url: "${base}/sentyr/_doc", eventCategory: [host] }
    - id: teams
      name: Teams
      channel: teams
      settings: { url: "${base}/teams", format: messagecard, themeColor: { critical: "#6264A7" } }
    - id: slack-hook
      name: Slack webhook
      channel: slack
      settings: { url: "${base}/slack-hook", channel: "#ops-alerts" }
    - id: slack-bot
      name: Slack bot
      channel: slack
      settings: { token: ${BOT_TOKEN}, channel: C0123ABCD, apiUrl: "${base}/api" }
    - id: slack-lost
      name: Slack bot, wrong channel
      channel: slack
      retry: { kind: fixed, initialDelayMs: 100, maxDelayMs: 100, maxAttempts: 3, jitter: 0 }
      settings: { token: ${BOT_TOKEN}, channel: C0NOTHERE, apiUrl: "${base}/api" }
`,
    });
    jobs = await DeliveryJobs.connect(stack);
  });

  after(() => tearDown(stack, [jobs], [target]));

  const delivered = async (receiverId: string, channel: Parameters<DeliveryJobs['send']>[1]): Promise<void> => {
    const job = await jobs.send(receiverId, channel);
    await waitFor(async () => (await jobs.delivery(job.id))?.status === 'delivered', `${receiverId} to be delivered`);
  };

  it('Splunk HEC: sourcetype per event type and a flat event object', async () => {
    await delivered('splunk', 'splunk');
    const [request] = at('/services/collector/event');
    const body = request!.json<{ sourcetype: string; source: string; event: Record<string, unknown> }>();
    assert.equal(request!.headers.authorization, 'Splunk e2e-hec-token');
    assert.equal(body.sourcetype, 'herald:triggered');
    assert.deepEqual([body.event.event_type, body.event.severity, body.event.summary], ['incident.triggered', 'critical', 'Disk almost full on db-1']);
    assert.equal('incident' in body.event, false, 'flat: no nested Herald payload');
  });

  it('Elasticsearch: a URL with its index path writes to that index, the ECS document has event.category and event.type', async () => {
    await delivered('elastic', 'elasticsearch');
    const [request] = target.requests.filter((r) => r.path.startsWith('/sentyr/'));
    assert.match(request!.path, /^\/sentyr\/_doc\/[0-9a-f-]+\.elastic$/);
    const doc = request!.json<{ event: { kind: string; category: string[]; type: string[] } }>();
    assert.deepEqual([doc.event.kind, doc.event.category, doc.event.type], ['alert', ['host'], ['start']]);
  });

  it('Teams: the receiver\'s theme colour', async () => {
    await delivered('teams', 'teams');
    assert.equal(at('/teams')[0]!.json<{ themeColor: string }>().themeColor, '6264A7');
  });

  it('Slack webhook: the channel override', async () => {
    await delivered('slack-hook', 'slack');
    assert.equal(at('/slack-hook')[0]!.json<SlackPost>().channel, '#ops-alerts');
  });

  it('Slack bot token: the incident\'s later updates reply in the thread of its first message; another incident starts its own', async () => {
    const first = await jobs.send('slack-bot', 'slack');
    await waitFor(async () => (await jobs.delivery(first.id))?.status === 'delivered', 'the first message');
    const firstPost = at('/api/chat.postMessage').find((r) => r.json<SlackPost>().channel === 'C0123ABCD');
    assert.equal(firstPost!.headers.authorization, `Bearer ${BOT_TOKEN}`);
    assert.equal(firstPost!.json<SlackPost>().thread_ts, undefined);
    const threadTs = '1700000000.000001';

    const resolved = jobs.resolution(first);
    await jobs.publish(resolved);
    await waitFor(async () => (await jobs.delivery(resolved.id))?.status === 'delivered', 'the resolution');
    const other = await jobs.send('slack-bot', 'slack');
    await waitFor(async () => (await jobs.delivery(other.id))?.status === 'delivered', 'another incident');

    const threads = at('/api/chat.postMessage').map((r) => r.json<SlackPost>()).filter((p) => p.channel === 'C0123ABCD').map((p) => p.thread_ts ?? null);
    assert.deepEqual(threads, [null, threadTs, null]);
    const [attempt] = await jobs.attempts(resolved.id);
    assert.ok((attempt!.response_excerpt ?? '').length <= 1_024, 'the log keeps an excerpt of the long answer');
  });

  it('Slack bot token: ok:false is a failure that is not retried, named after Slack\'s error', async () => {
    const job = await jobs.send('slack-lost', 'slack');
    await waitFor(async () => (await jobs.delivery(job.id))?.status === 'failed', 'the refused post to fail');
    const attempts = await jobs.attempts(job.id);
    assert.equal(attempts.length, 1, 'not retried');
    assert.deepEqual([attempts[0]!.status_code, attempts[0]!.error_class], [200, 'slack_channel_not_found']);
  });
});
