import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { JetStreamConnection, Topology } from '@herald/messaging';
import type { CanonicalAlert, CanonicalAlerts } from '@herald/contracts';
import { SAMPLES } from '@herald/sources/testing';
import { alertmanagerWebhook, postJson } from '../support/alerts.js';
import { HeraldStack, metricValue, NATS_URL } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

/*
 * Ingestion on its own (real NATS and PostgreSQL): the integration admin API, keys,
 * signatures, idempotency, content types, SNS confirmations and the health API, each
 * checked against the canonical alerts that reached the ALERTS stream (ingestion normalises
 * at the door).
 */
const ADMIN = 'ingestion-api-admin-token-0001';
const FILE_KEY = 'ingestion-api-file-key-000001';
const GITHUB_KEY = 'ingestion-api-github-key-0001';
const GITHUB_SECRET = 'ingestion-api-github-secret-01';
const admin = { authorization: `Bearer ${ADMIN}` };

interface CreatedIntegration {
  id: string;
  key: string;
  source: string;
  enabled: boolean;
  managedBy: string;
  signing: unknown;
  endpoints: string[];
}

async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = admin): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('ingestion API', () => {
  let stack: HeraldStack;
  let nats: JetStreamConnection;
  let stream: string;

  const secrets = mkdtempSync(join(tmpdir(), 'herald-ingestion-secrets-'));

  before(async () => {
    // GitHub's key from a file (its trailing newline dropped) and its signing secret from the environment.
    writeFileSync(join(secrets, 'github-key'), `${GITHUB_KEY}\n`);
    stack = await HeraldStack.start({
      services: ['ingestion'],
      // The SNS subscription sample must not send Herald to amazonaws.com.
      env: { HERALD_ADMIN_TOKEN: ADMIN, INGESTION_STATS_FLUSH_MS: '200', E2E_GITHUB_SECRET: GITHUB_SECRET, INGESTION_SNS_AUTO_CONFIRM: 'false' },
      config: `
integrations:
  - { id: from-file, name: From the file, source: alertmanager, key: ${FILE_KEY} }
  - { id: gh, name: GitHub Actions, source: github, keyFile: ${join(secrets, 'github-key')}, signingSecretEnv: E2E_GITHUB_SECRET }
`,
    });
    nats = await JetStreamConnection.connect({ url: NATS_URL, name: 'herald-test-ingestion-api', logger: pino({ level: 'silent' }) });
    stream = new Topology(stack.namespace).stream('ALERTS');
  });

  after(async () => {
    await nats?.close();
    await stack?.stop();
    await stack?.cleanup();
    rmSync(secrets, { recursive: true, force: true });
  });

  const stored = async (): Promise<number> => (await nats.jsm.streams.info(stream)).state.messages;
  const lastAlert = async (source: string): Promise<CanonicalAlert | undefined> =>
    (await nats.jsm.streams.getMessage(stream, { last_by_subj: new Topology(stack.namespace).subject(`alerts.normalised.${source}`) }))?.json<CanonicalAlerts>().alerts.at(-1);
  const url = (path: string) => stack.url('ingestion', path);
  const alert = () => alertmanagerWebhook([{ labels: { alertname: 'ApiTest' }, summary: 'api test' }]);

  it('creates an integration whose key is shown once, then rotates, disables, enables and deletes it', async () => {
    const created = await call('POST', url('/v1/integrations'), { id: 'team-am', name: 'Team Alertmanager', source: 'alertmanager' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const integration = created.body as CreatedIntegration;
    assert.match(integration.key, /^hrld_[A-Za-z0-9_-]{27}$/, '160 random bits');
    assert.deepEqual(integration.endpoints, ['/v1/webhooks/team-am']);
    const shown = await call('GET', url('/v1/integrations/team-am'));
    assert.equal(shown.status, 200);
    assert.ok(!JSON.stringify(shown.body).includes(integration.key), 'the key is never shown again');
    const listed = (await call('GET', url('/v1/integrations'))).body as { integrations: Array<{ id: string }> };
    assert.deepEqual(listed.integrations.map((i) => i.id).sort(), ['from-file', 'gh', 'team-am']);

    const before = await stored();
    assert.equal((await postJson(url('/v1/webhooks/team-am'), alert(), { authorization: `Bearer ${integration.key}` })).status, 202);

    const rotated = (await call('POST', url('/v1/integrations/team-am/rotate-key'))).body as CreatedIntegration;
    assert.notEqual(rotated.key, integration.key);
    // The old key was cached a moment ago; the change still takes effect at once.
    assert.equal((await postJson(url('/v1/webhooks/team-am'), alert(), { authorization: `Bearer ${integration.key}` })).status, 401);
    assert.equal((await postJson(url('/v1/webhooks/team-am'), alert(), { 'x-webhook-secret': rotated.key })).status, 202);

    assert.equal((await call('POST', url('/v1/integrations/team-am/disable'))).status, 200);
    const disabled = await postJson(url('/v1/webhooks/team-am'), alert(), { authorization: `Bearer ${rotated.key}` });
    assert.deepEqual([disabled.status, (disabled.body as { error: string }).error], [403, 'INTEGRATION_DISABLED']);
    assert.equal((await call('POST', url('/v1/integrations/team-am/enable'))).status, 200);
    assert.equal((await postJson(url('/v1/webhooks/team-am'), alert(), { authorization: `Bearer ${rotated.key}` })).status, 202);

    assert.equal((await call('DELETE', url('/v1/integrations/team-am'))).status, 204);
    assert.equal((await postJson(url('/v1/webhooks/team-am'), alert(), { authorization: `Bearer ${rotated.key}` })).status, 404);
    assert.equal(await stored(), before + 3, 'only the three accepted requests were published');
  });

  it('keeps file-managed integrations read-only, and the admin API behind the admin token', async () => {
    for (const [method, path, body] of [
      ['PATCH', '/v1/integrations/from-file', { enabled: false }],
      ['POST', '/v1/integrations/from-file/rotate-key', undefined],
      ['POST', '/v1/integrations/from-file/disable', undefined],
      ['DELETE', '/v1/integrations/from-file', undefined],
    ] as const) {
      const response = await call(method, url(path), body);
      assert.equal(response.status, 409, `${method} ${path}`);
      assert.match((response.body as { message: string }).message, /configuration file/);
    }
    const taken = await call('POST', url('/v1/integrations'), { id: 'from-file', name: 'x', source: 'generic' });
    assert.deepEqual([taken.status, (taken.body as { error: string }).error], [409, 'INTEGRATION_EXISTS']);
    assert.equal((await call('GET', url('/v1/integrations'), undefined, {})).status, 401);
    assert.equal((await call('GET', url('/v1/integrations'), undefined, { authorization: 'Bearer wrong-admin-token-000' })).status, 401);
    const invalid = await call('POST', url('/v1/integrations'), { name: '', source: 'nagios', key: 'mine' });
    assert.equal(invalid.status, 400);
    assert.deepEqual((invalid.body as { errors: Array<{ path: string }> }).errors.map((e) => e.path).sort(), ['', 'name', 'source']);
  });

  it('verifies GitHub signatures over the raw bytes and takes the delivery id as idempotency key', async () => {
    const body = JSON.stringify(SAMPLES.github[0]).replace('{', '{ ');
    const sign = (bytes: string) => `sha256=${createHmac('sha256', GITHUB_SECRET).update(bytes).digest('hex')}`;
    const headers = (signature: string, delivery: string) => ({
      'content-type': 'application/json',
      'x-webhook-secret': GITHUB_KEY,
      'x-github-event': 'workflow_run',
      'x-github-delivery': delivery,
      'x-hub-signature-256': signature,
    });
    const before = await stored();
    const post = (signature: string, delivery: string) => fetch(url('/v1/webhooks/gh'), { method: 'POST', headers: headers(signature, delivery), body });
    const bad = await post(sign(`${body} `), 'delivery-1');
    assert.equal(bad.status, 401);
    assert.equal(((await bad.json()) as { error: string }).error, 'BAD_SIGNATURE');
    const good = await post(sign(body), 'delivery-1');
    assert.equal(good.status, 202, await good.clone().text());
    const redelivered = await post(sign(body), 'delivery-1');
    assert.equal(((await redelivered.json()) as { duplicate: boolean }).duplicate, true, 'GitHub redelivering the same delivery is absorbed');
    assert.equal(((await good.json()) as { duplicate: boolean }).duplicate, false);
    assert.equal(await stored(), before + 1);
  });

  it('makes a retried POST with the same Idempotency-Key one alert, answering with the same id', async () => {
    const before = await stored();
    const headers = { authorization: `Bearer ${FILE_KEY}`, 'idempotency-key': 'retry-0001' };
    const first = await postJson(url('/v1/webhooks/from-file'), alert(), headers);
    const second = await postJson(url('/v1/webhooks/from-file'), alert(), headers);
    assert.equal(first.status, 202);
    assert.equal(second.status, 202);
    assert.equal((first.body as { id: string }).id, (second.body as { id: string }).id);
    assert.deepEqual([(first.body as { duplicate: boolean }).duplicate, (second.body as { duplicate: boolean }).duplicate], [false, true]);
    const malformed = await postJson(url('/v1/webhooks/from-file'), alert(), { ...headers, 'idempotency-key': 'has spaces in it' });
    assert.equal(malformed.status, 400);
    assert.equal(await stored(), before + 1);
  });

  it("applies the integration's severity overrides when it normalises", async () => {
    const created = await call('POST', url('/v1/integrations'), { id: 'remapped', name: 'Remapped', source: 'generic', severityMap: { error: 'critical' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { key, severityMap } = created.body as CreatedIntegration & { severityMap: Record<string, string> };
    assert.deepEqual(severityMap, { error: 'critical' });
    const body = { dedup_key: 'remap-1', summary: 'Nightly backup failed', severity: 'error' };
    assert.equal((await postJson(url('/v1/webhooks/remapped'), body, { authorization: `Bearer ${key}` })).status, 202);
    const alert = await lastAlert('generic');
    assert.deepEqual([alert?.integrationId, alert?.summary, alert?.severity], ['remapped', 'Nightly backup failed', 'critical']);
    assert.equal((await call('PATCH', url('/v1/integrations/remapped'), { severityMap: null })).status, 200);
  });

  it('leaves the dedup key unscoped for an integration that opted in to cross-integration dedup, and only that one', async () => {
    const created = await call('POST', url('/v1/integrations'), { id: 'shared-keys', name: 'Shared keys', source: 'generic', dedupScope: 'global' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { key, dedupScope } = created.body as CreatedIntegration & { dedupScope: string };
    assert.equal(dedupScope, 'global');
    const body = { dedup_key: 'shared-1', summary: 'Shared' };
    assert.equal((await postJson(url('/v1/webhooks/shared-keys'), body, { authorization: `Bearer ${key}` })).status, 202);
    assert.deepEqual(await lastAlert('generic').then((a) => [a?.integrationId, a?.dedupKey]), ['shared-keys', 'shared-1']);
    assert.equal((await call('PATCH', url('/v1/integrations/shared-keys'), { dedupScope: 'integration' })).status, 200);
    await waitFor(
      async () => (await postJson(url('/v1/webhooks/shared-keys'), body, { authorization: `Bearer ${key}` })).status === 202 && (await lastAlert('generic'))?.dedupKey === 'shared-keys/shared-1',
      'the scope change to apply',
      20_000,
      500,
    );
  });

  it("normalises a Honeycomb body without its shared_secret, which is the integration's key", async () => {
    const created = await call('POST', url('/v1/integrations'), { id: 'honeycomb-triggers', name: 'Honeycomb', source: 'honeycomb' });
    const { key } = created.body as CreatedIntegration;
    const body = { version: 'v0.1.0', shared_secret: key, id: 'HpPzqZtCNA5', name: 'Latency', status: 'TRIGGERED', summary: 'Triggered: Latency' };
    assert.equal((await postJson(url('/v1/webhooks/honeycomb-triggers'), body, { 'x-honeycomb-webhook-token': key })).status, 202);
    const alert = await lastAlert('honeycomb');
    assert.equal(alert?.summary, 'Triggered: Latency');
    assert.ok(!JSON.stringify(alert).includes(key), 'the secret is in no field of the stored alert');
  });

  it('answers each refusal with its status and a message naming the problem, publishing nothing', async () => {
    const before = await stored();
    const auth = { authorization: `Bearer ${FILE_KEY}` };
    const cases: Array<[string, () => Promise<{ status: number; body: unknown }>, number, RegExp]> = [
      ['unknown integration', () => postJson(url('/v1/webhooks/nobody'), alert(), auth), 404, /no integration "nobody"/],
      ['missing key', () => postJson(url('/v1/webhooks/from-file'), alert()), 401, /missing key/],
      ['wrong key', () => postJson(url('/v1/webhooks/from-file'), alert(), { authorization: 'Bearer not-the-key-0000000' }), 401, /invalid key/],
      ['invalid body', () => postJson(url('/v1/webhooks/from-file'), { alerts: [{ status: 'pending' }] }, auth), 400, /alerts\[0\]\.status.*alerts\[0\]\.labels/],
      [
        'wrong content type',
        async () => {
          const r = await fetch(url('/v1/webhooks/from-file'), { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: JSON.stringify(alert()) });
          return { status: r.status, body: await r.json() };
        },
        415,
        /text\/plain is not accepted for alertmanager; send application\/json/,
      ],
      [
        'body over the limit',
        () => postJson(url('/v1/webhooks/from-file'), { ...alert(), padding: 'x'.repeat(600_000) }, auth),
        413,
        /too large/,
      ],
    ];
    for (const [name, send, status, message] of cases) {
      const response = await send();
      assert.equal(response.status, status, `${name}: ${JSON.stringify(response.body)}`);
      assert.match((response.body as { message: string }).message, message, name);
    }
    assert.equal(await stored(), before);
  });

  it('takes SNS text/plain bodies, and refuses a SubscribeURL that is not AWS', async () => {
    const created = (await call('POST', url('/v1/integrations'), { id: 'aws', name: 'CloudWatch', source: 'cloudwatch' })).body as CreatedIntegration;
    const [alarm, , confirmation] = SAMPLES.cloudwatch as [Record<string, unknown>, unknown, Record<string, unknown>];
    const send = (body: unknown) =>
      fetch(url('/v1/webhooks/aws'), {
        method: 'POST',
        // SNS cannot send custom headers; the key travels as Basic credentials in the endpoint URL.
        headers: { 'content-type': 'text/plain; charset=UTF-8', authorization: `Basic ${Buffer.from(`sns:${created.key}`).toString('base64')}`, 'x-amz-sns-message-type': String((body as { Type: string }).Type) },
        body: JSON.stringify(body),
      });
    const before = await stored();
    assert.equal((await send(alarm)).status, 202);
    assert.equal((await send(confirmation)).status, 202);
    assert.equal(await stored(), before + 1, 'the alarm is an alert; the confirmation is none');
    const metrics = await stack.metrics('ingestion');
    assert.equal(metricValue(metrics, 'herald_sns_subscription_confirmations_total', { outcome: 'skipped' }), 1, 'auto-confirm is off here: logged for an operator');
    assert.equal(metricValue(metrics, 'herald_raw_alerts_without_alerts_total', { source: 'cloudwatch' }), 1);
    const forged = await send({ ...confirmation, SubscribeURL: 'https://attacker.example/?Action=ConfirmSubscription' });
    assert.equal(forged.status, 400);
    assert.deepEqual(((await forged.json()) as { errors: Array<{ path: string }> }).errors.map((e) => e.path), ['SubscribeURL']);
  });

  it('takes UptimeRobot form posts', async () => {
    const created = (await call('POST', url('/v1/integrations'), { id: 'robot', name: 'UptimeRobot', source: 'uptimerobot' })).body as CreatedIntegration;
    const form = new URLSearchParams({ monitorID: '777', monitorURL: 'https://shop.example.com', monitorFriendlyName: 'Shop', alertType: '1', alertTypeFriendlyName: 'Down', alertDetails: 'Connection Timeout', alertDuration: '0' });
    const response = await fetch(url('/v1/webhooks/robot'), { method: 'POST', headers: { 'x-webhook-secret': created.key }, body: form });
    assert.equal(response.status, 202, await response.text());
  });

  it('reports received, accepted and refused requests by reason, in total and by source, and as metrics', async () => {
    const health = await call('GET', url('/v1/integrations/health'));
    assert.equal(health.status, 200);
    const report = health.body as {
      total: { received: number; accepted: number; rejected: number; rejectedByReason: Record<string, number>; successRate: number; averageLatencyMs: number };
      bySource: Record<string, { received: number; accepted: number; rejectedByReason: Record<string, number> }>;
      byIntegration: Record<string, { source: string; received: number }>;
    };
    assert.equal(report.total.received, report.total.accepted + report.total.rejected);
    assert.ok(report.total.accepted >= 9, JSON.stringify(report.total));
    for (const reason of ['not_found', 'unauthenticated', 'bad_signature', 'disabled', 'invalid_body', 'unsupported_media_type', 'payload_too_large']) {
      assert.ok((report.total.rejectedByReason[reason] ?? 0) >= 1, `${reason} counted: ${JSON.stringify(report.total.rejectedByReason)}`);
    }
    assert.equal(report.bySource['github']?.rejectedByReason['bad_signature'], 1);
    assert.equal(report.byIntegration['gh']?.source, 'github');
    assert.ok(report.total.successRate > 0 && report.total.successRate < 1);
    assert.ok(report.total.averageLatencyMs > 0);
    // Seed 002's shape beside it: the same counts, successRate in percent, byType by upper-case source.
    const seed = health.body as { status: string; global: Record<string, number>; byType: Record<string, { successRate: number }> };
    assert.deepEqual(
      [seed.global.totalReceived, seed.global.totalSuccess, seed.global.totalErrors, seed.global.successRate],
      [report.total.received, report.total.accepted, report.total.rejected, Math.round(report.total.successRate * 10_000) / 100],
    );
    assert.equal(seed.byType['GITHUB']?.successRate, Math.round((report.bySource['github'].accepted / report.bySource['github'].received) * 10_000) / 100);
    assert.ok(['healthy', 'degraded', 'unhealthy'].includes(seed.status));
    assert.equal((await call('GET', url('/v1/integrations/health'), undefined, {})).status, 401);

    const metrics = await stack.metrics('ingestion');
    assert.equal(metricValue(metrics, 'herald_alert_requests_rejected_total', { source: 'github', reason: 'bad_signature' }), 1);
    assert.equal(metricValue(metrics, 'herald_alert_requests_accepted_total', { source: 'github' }), report.bySource['github']?.accepted);
    assert.equal(metricValue(metrics, 'herald_alert_requests_rejected_total', { source: 'datadog', reason: 'rate_limited' }), 0, 'pre-initialised');
    assert.ok(metricValue(metrics, 'herald_ingestion_request_duration_seconds_count', { source: 'alertmanager', outcome: 'accepted' }) >= 5);
  });

  it('keeps the health counters across a restart', async () => {
    const before = ((await call('GET', url('/v1/integrations/health'))).body as { total: { received: number } }).total.received;
    await stack.terminate('ingestion');
    await stack.startService('ingestion');
    const afterRestart = ((await call('GET', url('/v1/integrations/health'))).body as { total: { received: number } }).total.received;
    assert.equal(afterRestart, before);
  });
});
