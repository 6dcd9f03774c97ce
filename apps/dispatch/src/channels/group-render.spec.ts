import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type NotificationGroup } from '@herald/contracts';
import { renderDelivery, type RenderInput } from './index.js';
import { renderInput, SIGNING, snapshot } from './shared/testing.js';

const FIRING = snapshot({ id: '11111111-1111-4111-8111-111111111111', summary: 'Disk full on db-1', labels: { alertname: 'DiskFull', instance: 'db-1' } });
const RESOLVED = snapshot({ id: '22222222-2222-4222-8222-222222222222', summary: 'Disk full on db-2', status: 'resolved', labels: { alertname: 'DiskFull', instance: 'db-2' } });

function groupOf(over: Partial<NotificationGroup> = {}): NotificationGroup {
  return {
    key: '{0}/ops:{alertname="DiskFull"}',
    labels: { alertname: 'DiskFull' },
    reason: 'some alerts resolved',
    sequence: 2,
    firingCount: 1,
    resolvedCount: 1,
    incidents: [
      { status: 'firing', incident: FIRING },
      { status: 'resolved', incident: RESOLVED },
    ],
    truncated: 0,
    ...over,
  };
}

const input = (group: NotificationGroup): RenderInput => ({ ...renderInput('IncidentTriggered'), group, heraldUrl: 'https://herald.example.com' });

const SETTINGS = {
  webhook: { url: 'https://hooks.example.com/in' },
  slack: { url: 'https://hooks.slack.com/services/T000/B000/XXXX' },
  teams: { url: 'https://example.webhook.office.com/webhookb2/x' },
  discord: { url: 'https://discord.com/api/webhooks/123/abc' },
  email: { to: ['ops@example.com'], from: 'herald@example.com' },
  pagerduty: { routingKey: 'R0123456789abcdefABCDEF012345678' },
  datadog: { apiKey: '0123456789abcdef0123456789abcdef' },
  elasticsearch: { url: 'https://es.example.com:9200' },
} as const;

function text(channel: keyof typeof SETTINGS, group: NotificationGroup): string {
  const rendered = renderDelivery(channel, input(group), SETTINGS[channel], SIGNING);
  return rendered.kind === 'email' ? `${rendered.subject}\n${rendered.text}` : rendered.body;
}

describe('group notifications: every channel renders the group', () => {
  for (const channel of ['slack', 'teams', 'discord', 'email', 'pagerduty', 'datadog', 'elasticsearch'] as const) {
    it(`${channel}: the title with counts and reason, and each incident`, () => {
      const body = text(channel, groupOf());
      assert.match(body, /\[FIRING:1\] alertname=DiskFull \(some alerts resolved, 1 resolved\)/);
      assert.match(body, /Disk full on db-1/);
      if (channel !== 'pagerduty') assert.match(body, /Disk full on db-2/, 'resolved incidents are listed too');
    });
  }
  it('datadog: one event per group (its own aggregation key), a success once nothing fires', () => {
    const event = JSON.parse(text('datadog', groupOf())) as { aggregation_key: string; alert_type: string; tags: string[] };
    assert.match(event.aggregation_key, /^group-[0-9a-f]{40}$/);
    assert.ok(event.tags.includes('herald_event:group'));
    const resolved = JSON.parse(text('datadog', groupOf({ reason: 'all alerts resolved', firingCount: 0, incidents: [{ status: 'resolved', incident: RESOLVED }] }))) as { alert_type: string };
    assert.equal(resolved.alert_type, 'success');
  });
  it('elasticsearch: one document per group notification, its incidents under herald.group', () => {
    const rendered = renderDelivery('elasticsearch', input(groupOf()), SETTINGS.elasticsearch, SIGNING);
    assert.equal(rendered.kind, 'http');
    if (rendered.kind !== 'http') return;
    assert.match(rendered.url, /\/_doc\/group-[0-9a-f]{40}\.2\./, 'the id names the group and its sequence');
    const doc = JSON.parse(rendered.body) as { herald: { group: { incidents: Array<{ id: string; status: string }>; firing: number } } };
    assert.deepEqual(doc.herald.group.incidents.map((i) => i.status), ['firing', 'resolved']);
    assert.equal(doc.herald.group.firing, 1);
  });
  it('an incident list longer than a message shows counts the rest', () => {
    const many = groupOf({ firingCount: 30, resolvedCount: 0, incidents: Array.from({ length: 30 }, () => ({ status: 'firing' as const, incident: FIRING })) });
    assert.match(text('slack', many), /and 10 more/);
  });
});

describe('group notifications: the webhook payload version 2', () => {
  const payload = JSON.parse(text('webhook', groupOf())) as Record<string, unknown> & { alerts: Array<Record<string, unknown>> };
  it("is shaped like Alertmanager's webhook payload, with notification_reason and Herald's counts", () => {
    assert.equal(payload.version, 2);
    assert.equal(payload.groupKey, '{0}/ops:{alertname="DiskFull"}');
    assert.equal(payload.status, 'firing');
    assert.equal(payload.notification_reason, 'some alerts resolved');
    assert.deepEqual(payload.groupLabels, { alertname: 'DiskFull' });
    assert.deepEqual(payload.counts, { firing: 1, resolved: 1 });
    assert.equal(payload.truncatedAlerts, 0);
    assert.equal((payload.commonLabels as Record<string, string>).alertname, 'DiskFull');
    assert.equal((payload.commonLabels as Record<string, string>).instance, undefined, 'a label that differs is not common');
  });
  it('lists every incident as an alert, resolved ones with an end time, each with its Herald incident', () => {
    assert.deepEqual(payload.alerts.map((a) => a.status), ['firing', 'resolved']);
    assert.equal(payload.alerts[0]?.endsAt, '0001-01-01T00:00:00Z');
    assert.notEqual(payload.alerts[1]?.endsAt, '0001-01-01T00:00:00Z');
    assert.equal((payload.alerts[0]?.incident as { url: string }).url, `https://herald.example.com/incidents/${FIRING.id}`);
  });
  it('all resolved: status resolved', () => {
    const done = JSON.parse(text('webhook', groupOf({ reason: 'all alerts resolved', firingCount: 0, incidents: [{ status: 'resolved', incident: RESOLVED }] }))) as { status: string };
    assert.equal(done.status, 'resolved');
  });
  it('a single-incident job still gets the version 1 payload', () => {
    const rendered = renderDelivery('webhook', renderInput('IncidentTriggered'), SETTINGS.webhook, SIGNING);
    assert.equal((JSON.parse(rendered.kind === 'http' ? rendered.body : '{}') as { version: number }).version, 1);
  });
});

describe('group notifications: Splunk indexes the group payload', () => {
  it('the HEC event is the version 2 payload', () => {
    const rendered = renderDelivery('splunk', input(groupOf()), { url: 'https://splunk.example.com:8088', token: 'hec-token' }, SIGNING);
    const body = JSON.parse(rendered.kind === 'http' ? rendered.body : '{}') as { event: { version: number; notification_reason: string } };
    assert.deepEqual([body.event.version, body.event.notification_reason], [2, 'some alerts resolved']);
  });
});

describe('group notifications: PagerDuty keeps one alert per group', () => {
  const event = (group: NotificationGroup) => JSON.parse(text('pagerduty', group)) as { event_action: string; dedup_key: string };
  it('triggers while any incident fires, resolves when none does, under one dedup key', () => {
    const firing = event(groupOf());
    const resolved = event(groupOf({ firingCount: 0, reason: 'all alerts resolved' }));
    assert.equal(firing.event_action, 'trigger');
    assert.equal(resolved.event_action, 'resolve');
    assert.equal(firing.dedup_key, resolved.dedup_key);
    assert.notEqual(event(groupOf({ key: '{0}/ops:{alertname="Other"}' })).dedup_key, firing.dedup_key);
  });
});
