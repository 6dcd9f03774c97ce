import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SEVERITY_RANK, type SourceType } from '@herald/contracts';
import { WIRE_SAMPLES, type WireSample } from '@herald/sources/testing';
import { dispatchToWebhook } from '../support/dispatch-config.js';
import { HeraldStack } from '../support/stack.js';
import { TestReceiver } from '../support/receiver.js';
import { waitFor } from '../support/wait.js';

/*
 * Every source's wire samples, byte for byte as the tool sends them, posted to a Herald
 * integration of that source: each opens (or acknowledges, or closes) the incident it
 * should, and a webhook receiver hears of each step.
 */
interface Notification {
  type: string;
  incident: { id: string; dedupKey: string; status: string; severity: string; source: string; integrationId: string };
}

const SOURCES = Object.keys(WIRE_SAMPLES) as SourceType[];
const OTHER_KEY = 'e2e-wire-key-other-generic-000000';
const SIGNED_KEY = 'e2e-wire-key-signed-grafana-00000';
const GRAFANA_SECRET = 'grafana-contact-point-secret-0001';
const integrationOf = (source: SourceType) => `wire-${source}`;
const keyOf = (source: SourceType) => `e2e-wire-key-${source}-0000000000`;

/** Deduplicated alerts too, so every step a tool sends is heard. */
const EVENT_TYPES = ['triggered', 'acknowledged', 'resolved', 'reopened', 'severity_changed', 'deduplicated'];

/** The notification type each alert action produces on an open incident. */
const NOTIFIED = { acknowledge: 'incident.acknowledged', resolve: 'incident.resolved', trigger: 'incident.alert_deduplicated' } as const;

describe('each source as its tool sends it, through the whole pipeline', () => {
  let stack: HeraldStack;
  const receiver = new TestReceiver();

  before(async () => {
    await receiver.start();
    const integrations = SOURCES.map((s) => `  - { id: ${integrationOf(s)}, name: ${s} as sent, source: ${s}, key: ${keyOf(s)}, rateLimitPerMinute: 6000 }`);
    integrations.push(`  - { id: other-generic, name: Another team's scripts, source: generic, key: ${OTHER_KEY} }`);
    integrations.push(`  - { id: signed-grafana, name: Grafana with HMAC, source: grafana, key: ${SIGNED_KEY}, signingSecret: ${GRAFANA_SECRET} }`);
    stack = await HeraldStack.start({
      services: ['ingestion', 'incidents', 'dispatch'],
      env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8' },
      // The SNS subscription sample must not send Herald to amazonaws.com.
      serviceEnv: { ingestion: { INGESTION_SNS_AUTO_CONFIRM: 'false' } },
      config: `integrations:\n${integrations.join('\n')}\n${dispatchToWebhook(receiver.url('/hook'), EVENT_TYPES)}`,
    });
  });

  after(async () => {
    await stack?.stop();
    await stack?.cleanup();
    await receiver.stop();
  });

  const notifications = (dedupKey: string) =>
    receiver.requests.map((r) => r.json<Notification>()).filter((n) => n.incident.dedupKey === dedupKey && n.type !== 'incident.severity_changed');

  async function post(source: SourceType, sample: WireSample): Promise<void> {
    // A tool with its own API (Opsgenie) posts there, with its own kind of key.
    const response = await fetch(stack.url('ingestion', sample.path ?? `/v1/webhooks/${integrationOf(source)}`), {
      method: 'POST',
      headers: { 'content-type': sample.contentType ?? 'application/json', authorization: `${source === 'opsgenie' ? 'GenieKey' : 'Bearer'} ${keyOf(source)}`, ...sample.headers },
      body: sample.body,
    });
    const text = await response.text();
    assert.equal(response.status, 202, `${source} ${sample.name}: ${text}`);
    if (source === 'opsgenie') assert.deepEqual(Object.keys(JSON.parse(text) as object), ['result', 'took', 'requestId']);
  }

  for (const source of SOURCES) {
    it(`${source}: ${WIRE_SAMPLES[source].samples.map((s) => s.name).join(' → ')}`, async () => {
      const scoped = (key: string) => `${integrationOf(source)}/${key}`;
      const expected = new Map<string, string[]>();
      for (const sample of WIRE_SAMPLES[source].samples) {
        const before = new Map(sample.expect.map((e) => [e.dedupKey, notifications(scoped(e.dedupKey)).length]));
        await post(source, sample);
        for (const e of sample.expect) {
          const seen = expected.get(e.dedupKey) ?? [];
          seen.push(seen.length === 0 ? 'incident.triggered' : NOTIFIED[e.action]);
          expected.set(e.dedupKey, seen);
        }
        // One step at a time, so the order the tool sent in is the order Herald applies.
        await waitFor(
          () => sample.expect.every((e) => notifications(scoped(e.dedupKey)).length > before.get(e.dedupKey)!),
          `${source} ${sample.name}: a notification for ${sample.expect.map((e) => e.dedupKey).join(', ')}`,
        );
      }

      for (const [key, types] of expected) {
        const heard = notifications(scoped(key));
        assert.deepEqual(heard.map((n) => n.type), types, key);
        assert.equal(new Set(heard.map((n) => n.incident.id)).size, 1, `one incident for ${key}`);
        assert.deepEqual([heard[0]!.incident.source, heard[0]!.incident.integrationId], [source, integrationOf(source)]);
        const triggers = WIRE_SAMPLES[source].samples.flatMap((s) => s.expect).filter((e) => e.dedupKey === key && e.action === 'trigger');
        assert.equal(heard[0]!.incident.severity, triggers[0]!.severity, `${key} opens at the first trigger's severity`);
        // A louder repeat (WARN then CRITICAL) escalates the same incident; a quieter one does not lower it.
        const loudest = triggers.map((t) => t.severity).reduce((a, b) => (SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a));
        assert.equal(heard.at(-1)!.incident.severity, loudest, `${key} ends at its loudest trigger's severity`);
      }
    });
  }

  it('scopes dedup keys to their integration: the same key from two integrations opens two incidents', async () => {
    const body = JSON.stringify({ dedup_key: 'shared/key', summary: 'Same key, two teams', severity: 'warning' });
    for (const [integration, key] of [[integrationOf('generic'), keyOf('generic')], ['other-generic', OTHER_KEY]] as const) {
      const response = await fetch(stack.url('ingestion', `/v1/webhooks/${integration}`), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body,
      });
      assert.equal(response.status, 202);
    }
    await waitFor(() => notifications('wire-generic/shared/key').length === 1 && notifications('other-generic/shared/key').length === 1, 'two incidents');
    assert.notEqual(notifications('wire-generic/shared/key')[0]!.incident.id, notifications('other-generic/shared/key')[0]!.incident.id);
    assert.deepEqual([notifications('wire-generic/shared/key')[0]!.type, notifications('other-generic/shared/key')[0]!.type], ['incident.triggered', 'incident.triggered']);
  });

  it("takes Splunk On-Call's REST endpoint path, with the integration key as its api_key", async () => {
    const [critical, , recovery] = WIRE_SAMPLES['splunk-oncall'].samples;
    const url = stack.url('ingestion', `/integrations/generic/20131114/alert/${keyOf('splunk-oncall')}/ops`);
    const key = `${integrationOf('splunk-oncall')}/${critical!.expect[0]!.dedupKey}`;
    const before = notifications(key).length;
    for (const [index, sample] of [critical!, recovery!].entries()) {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: sample.body });
      assert.deepEqual([response.status, await response.json()], [200, { result: 'success', entity_id: critical!.expect[0]!.dedupKey }]);
      await waitFor(() => notifications(key).length >= before + index + 1, `${sample.name} through the REST endpoint`);
    }
    assert.deepEqual(notifications(key).slice(before).map((n) => n.type), ['incident.reopened', 'incident.resolved']);
    const wrong = await fetch(stack.url('ingestion', '/integrations/generic/20131114/alert/not-a-key-0000000000/ops'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: critical!.body });
    assert.equal(wrong.status, 401);
  });

  it("authenticates each tool as it can: GitLab's X-Gitlab-Token, a key in the URL, Grafana's HMAC signature", async () => {
    const [, gitlabFailed] = WIRE_SAMPLES.gitlab.samples;
    const viaToken = await fetch(stack.url('ingestion', `/v1/webhooks/${integrationOf('gitlab')}`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gitlab-token': keyOf('gitlab'), ...gitlabFailed!.headers },
      body: gitlabFailed!.body,
    });
    assert.equal(viaToken.status, 202, await viaToken.text());

    const [pingdomDown] = WIRE_SAMPLES.pingdom.samples;
    const viaUrl = await fetch(stack.url('ingestion', `/v1/webhooks/${integrationOf('pingdom')}?key=${keyOf('pingdom')}`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: pingdomDown!.body,
    });
    assert.equal(viaUrl.status, 202, await viaUrl.text());

    const [grafanaFiring] = WIRE_SAMPLES.grafana.samples;
    const timestamp = String(Math.floor(Date.now() / 1_000));
    const signature = (secret: string) => createHmac('sha256', secret).update(`${timestamp}:${grafanaFiring!.body}`).digest('hex');
    const signed = (secret: string) =>
      fetch(stack.url('ingestion', '/v1/webhooks/signed-grafana'), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${SIGNED_KEY}`,
          'x-grafana-alerting-signature': signature(secret),
          'x-grafana-alerting-signature-timestamp': timestamp,
        },
        body: grafanaFiring!.body,
      });
    assert.equal((await signed(GRAFANA_SECRET)).status, 202);
    const forged = await signed('another-secret-0000000000');
    assert.equal(forged.status, 401);
    assert.match(((await forged.json()) as { message: string }).message, /x-grafana-alerting-signature does not match/);
  });

  it("refuses an Opsgenie close by id, since Herald finds alerts by alias, and a create without a message", async () => {
    const byId = await fetch(stack.url('ingestion', '/v2/alerts/8418d193-2dab-4490-b331-8c02cdd196b7/close?identifierType=id'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `GenieKey ${keyOf('opsgenie')}` },
      body: '{}',
    });
    assert.equal(byId.status, 400);
    assert.match(((await byId.json()) as { message: string }).message, /identifierType must be alias/);
    const noMessage = await fetch(stack.url('ingestion', '/v2/alerts'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `GenieKey ${keyOf('opsgenie')}` },
      body: JSON.stringify({ alias: 'x' }),
    });
    assert.equal(noMessage.status, 400);
    assert.match(((await noMessage.json()) as { message: string }).message, /message is required/);
  });
});
