import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type SourceType } from '@herald/contracts';
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
    stack = await HeraldStack.start({
      services: ['ingestion', 'normalisation', 'incidents', 'dispatch'],
      env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8' },
      // The SNS subscription sample must not send Herald to amazonaws.com.
      serviceEnv: { normalisation: { NORMALISATION_SNS_AUTO_CONFIRM: 'false' } },
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
    const response = await fetch(stack.url('ingestion', `/v1/webhooks/${integrationOf(source)}`), {
      method: 'POST',
      headers: { 'content-type': sample.contentType ?? 'application/json', authorization: `Bearer ${keyOf(source)}`, ...sample.headers },
      body: sample.body,
    });
    assert.equal(response.status, 202, `${source} ${sample.name}: ${await response.text()}`);
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
});
