import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type IncidentEventType, SEVERITIES } from '@herald/contracts';
import { EVENT_TYPES, hugeInput, INCIDENT_ID, renderInput, SIGNING } from '../shared/testing.js';
import { utf8Length } from '../shared/truncate.js';
import { type RenderInput, type RenderedRequest } from '../types.js';
import { PAGERDUTY_EVENTS_URL, PagerDutyConfig } from './pagerduty.config.js';
import { PAGERDUTY_LIMITS, pagerDutyRenderer } from './pagerduty.renderer.js';

const ROUTING_KEY = 'R0123456789abcdefABCDEF012345678';
const config = PagerDutyConfig.parse({ routingKey: ROUTING_KEY });

interface PdEvent {
  routing_key: string;
  event_action: string;
  dedup_key: string;
  payload?: {
    summary: string;
    source: string;
    severity: string;
    timestamp: string;
    component?: string;
    group?: string;
    class?: string;
    custom_details: Record<string, unknown>;
  };
  client?: string;
  client_url?: string;
  links?: { href: string; text: string }[];
}

function render(input: RenderInput, cfg = config): { request: RenderedRequest; event: PdEvent } {
  const request = pagerDutyRenderer.render(input, cfg, SIGNING) as RenderedRequest;
  return { request, event: JSON.parse(request.body) as PdEvent };
}

describe('pagerduty renderer', () => {
  it('maps each event to trigger, acknowledge or resolve', () => {
    const cases: [IncidentEventType, 'triggered' | 'acknowledged' | 'resolved', string][] = [
      ['IncidentTriggered', 'triggered', 'trigger'],
      ['IncidentReopened', 'triggered', 'trigger'],
      ['IncidentAcknowledged', 'acknowledged', 'acknowledge'],
      ['IncidentResolved', 'resolved', 'resolve'],
      ['AlertDeduplicated', 'triggered', 'trigger'],
      ['AlertDeduplicated', 'acknowledged', 'acknowledge'],
      ['IncidentSeverityChanged', 'triggered', 'trigger'],
      ['IncidentFlapping', 'acknowledged', 'acknowledge'],
      ['IncidentStabilised', 'triggered', 'trigger'],
      ['IncidentNoteAdded', 'resolved', 'resolve'],
      ['IncidentNoteAdded', 'acknowledged', 'acknowledge'],
    ];
    for (const [type, status, action] of cases) {
      const { event } = render(renderInput(type, { incident: { status } }));
      assert.equal(event.event_action, action, `${type} while ${status}`);
    }
  });

  it('posts to the Events v2 endpoint, or the configured one', () => {
    assert.equal(render(renderInput('IncidentTriggered')).request.url, PAGERDUTY_EVENTS_URL);
    const eu = PagerDutyConfig.parse({ routingKey: ROUTING_KEY, url: 'https://events.eu.pagerduty.com/v2/enqueue' });
    assert.equal(render(renderInput('IncidentTriggered'), eu).request.url, 'https://events.eu.pagerduty.com/v2/enqueue');
  });

  it('uses the incident id as dedup_key and the routing key from config', () => {
    for (const type of EVENT_TYPES) {
      const { event } = render(renderInput(type));
      assert.equal(event.dedup_key, INCIDENT_ID);
      assert.ok(event.dedup_key.length <= PAGERDUTY_LIMITS.dedupKey);
      assert.equal(event.routing_key, ROUTING_KEY);
    }
  });

  it('fills the trigger payload from the incident', () => {
    const { event } = render(renderInput('IncidentTriggered'));
    assert.deepEqual(
      { ...event.payload, custom_details: undefined },
      {
        summary: 'Disk almost full on db-1',
        source: 'db-1:9100',
        severity: 'critical',
        timestamp: '2026-03-01T12:00:00.000Z',
        component: 'postgres',
        group: 'node',
        class: 'DiskFull',
        custom_details: undefined,
      },
    );
    assert.deepEqual(event.payload?.custom_details.labels, {
      alertname: 'DiskFull',
      instance: 'db-1:9100',
      job: 'node',
      team: 'storage',
    });
    assert.equal(event.payload?.custom_details.alert_count, 3);
    assert.equal(event.payload?.custom_details.event_type, 'triggered');
    assert.equal(event.client, 'Herald');
    assert.equal(event.client_url, `https://herald.example.com/incidents/${INCIDENT_ID}`);
    assert.deepEqual(event.links?.[1], { href: 'https://grafana.example.com/d/disk', text: 'Dashboard' });
  });

  it('sends only routing key, action and dedup key to acknowledge or resolve', () => {
    for (const type of ['IncidentAcknowledged', 'IncidentResolved'] as const) {
      const { event } = render(renderInput(type));
      assert.deepEqual(Object.keys(event).sort(), ['dedup_key', 'event_action', 'routing_key']);
    }
  });

  it('passes every Herald severity through as a valid PagerDuty severity', () => {
    for (const severity of SEVERITIES) {
      const { event } = render(renderInput('IncidentTriggered', { incident: { severity } }));
      assert.ok(['critical', 'error', 'warning', 'info'].includes(event.payload!.severity));
      assert.equal(event.payload!.severity, severity);
    }
  });

  it('falls back for source and omits empty optional fields', () => {
    const { event } = render(renderInput('IncidentTriggered', { incident: { labels: {}, service: undefined } }));
    assert.equal(event.payload!.source, 'prod-alertmanager');
    assert.equal(event.payload!.component, undefined);
    assert.equal(event.payload!.group, undefined);
    assert.equal(event.payload!.class, 'alertmanager');
    const custom = PagerDutyConfig.parse({ routingKey: ROUTING_KEY, source: 'db-cluster' });
    assert.equal(render(renderInput('IncidentTriggered'), custom).event.payload!.source, 'db-cluster');
  });

  it('keeps the summary within 1024 and the body within 512 KB', () => {
    const { request, event } = render(hugeInput('IncidentTriggered'));
    assert.ok(event.payload!.summary.length <= PAGERDUTY_LIMITS.summary);
    assert.ok(utf8Length(request.body) <= PAGERDUTY_LIMITS.bodyBytes);
    const giant = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`l${i}`, 'x'.repeat(5000)]));
    const big = render(renderInput('IncidentTriggered', { incident: { labels: giant } }));
    assert.ok(utf8Length(big.request.body) <= PAGERDUTY_LIMITS.bodyBytes);
    assert.equal(Object.keys(big.event.payload!.custom_details.labels as object).length, 2000);
  });

  it('refuses malformed routing keys', () => {
    for (const routingKey of ['', 'short', 'x'.repeat(33), 'R0123456789abcdefABCDEF01234567!']) {
      assert.equal(PagerDutyConfig.safeParse({ routingKey }).success, false, routingKey);
    }
  });
});
