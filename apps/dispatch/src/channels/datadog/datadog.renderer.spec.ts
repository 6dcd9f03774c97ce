import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EVENT_TYPES, hugeInput, INCIDENT_ID, renderInput, SIGNING } from '../shared/testing.js';
import { type RenderInput, type RenderedRequest } from '../types.js';
import { DatadogConfig } from './datadog.config.js';
import { alertType, DATADOG_LIMITS, datadogRenderer, normaliseTag } from './datadog.renderer.js';

const API_KEY = '0123456789abcdef0123456789abcdef';
const config = DatadogConfig.parse({ apiKey: API_KEY });

interface DdEvent {
  title: string;
  text: string;
  alert_type: string;
  priority: string;
  aggregation_key: string;
  date_happened: number;
  tags: string[];
}

function render(input: RenderInput, cfg = config) {
  const request = datadogRenderer.render(input, cfg, SIGNING) as RenderedRequest;
  return { request, event: JSON.parse(request.body) as DdEvent };
}

describe('datadog renderer', () => {
  it('posts to the site API with the DD-API-KEY header, not in URL or body', () => {
    const { request } = render(renderInput('IncidentTriggered'));
    assert.equal(request.url, 'https://api.datadoghq.com/api/v1/events');
    assert.equal(request.headers['dd-api-key'], API_KEY);
    assert.ok(!request.body.includes(API_KEY) && !request.url.includes(API_KEY));
    const eu = DatadogConfig.parse({ apiKey: API_KEY, site: 'datadoghq.eu' });
    assert.equal(render(renderInput('IncidentTriggered'), eu).request.url, 'https://api.datadoghq.eu/api/v1/events');
  });

  it('maps status and severity to alert_type', () => {
    const cases = [
      { status: 'triggered', severity: 'critical', type: 'error' },
      { status: 'acknowledged', severity: 'error', type: 'error' },
      { status: 'triggered', severity: 'warning', type: 'warning' },
      { status: 'triggered', severity: 'info', type: 'info' },
      { status: 'resolved', severity: 'critical', type: 'success' },
    ] as const;
    for (const c of cases) assert.equal(alertType(c), c.type, `${c.status}/${c.severity}`);
  });

  it('renders every event type within the limits, aggregated per incident', () => {
    for (const type of EVENT_TYPES) {
      const { event } = render(renderInput(type));
      assert.ok(event.title.length <= DATADOG_LIMITS.title);
      assert.ok(event.text.length <= DATADOG_LIMITS.text);
      assert.ok(event.text.startsWith('%%% \n') && event.text.endsWith('\n %%%'));
      assert.equal(event.aggregation_key, INCIDENT_ID);
      assert.ok(['error', 'warning', 'info', 'success'].includes(event.alert_type));
      assert.equal(event.date_happened, 1772366400);
    }
  });

  it('keeps title, text and tags within the limits for the largest incident', () => {
    const { event } = render(hugeInput());
    assert.equal(event.title.length, DATADOG_LIMITS.title);
    assert.ok(event.title.endsWith('…'));
    assert.ok(event.text.length <= DATADOG_LIMITS.text);
    assert.ok(event.tags.length <= DATADOG_LIMITS.tags);
    for (const tag of event.tags) assert.ok(tag.length <= DATADOG_LIMITS.tag && /^[a-z][a-z0-9_\-:./]*$/.test(tag), tag);
  });

  it('tags with severity, status, service, config tags and labels', () => {
    const cfg = DatadogConfig.parse({ apiKey: API_KEY, tags: ['env:prod', 'Team:SRE'] });
    const { event } = render(renderInput('IncidentAcknowledged'), cfg);
    assert.deepEqual(event.tags, [
      'source:herald',
      'severity:critical',
      'status:acknowledged',
      'herald_event:acknowledged',
      'herald_source:alertmanager',
      'service:postgres',
      'env:prod',
      'team:sre',
      'alertname:diskfull',
      'instance:db-1:9100',
      'job:node',
      'team:storage',
    ]);
    const noLabels = DatadogConfig.parse({ apiKey: API_KEY, labelTags: false });
    assert.ok(!render(renderInput('IncidentTriggered'), noLabels).event.tags.includes('job:node'));
  });

  it('normalises tags the way Datadog does', () => {
    const cases: [string, string | undefined][] = [
      ['Env:Prod', 'env:prod'],
      ['app.kubernetes.io/name:db', 'app.kubernetes.io/name:db'],
      ['team name:the a-team!', 'team_name:the_a-team'],
      ['1abc:x', 'abc:x'],
      ['???', undefined],
      ['k:' + 'v'.repeat(300), 'k:' + 'v'.repeat(198)],
    ];
    for (const [tag, expected] of cases) assert.equal(normaliseTag(tag), expected, tag);
  });

  it('dates an event older than 18 hours when it is sent', () => {
    const input = { ...renderInput('IncidentTriggered'), now: '2026-03-02T12:00:00.000Z' };
    assert.equal(render(input).event.date_happened, 1772452800);
  });

  it('refuses bad settings', () => {
    for (const raw of [{ apiKey: 'short' }, { apiKey: API_KEY, site: 'example.com' }, { apiKey: API_KEY, priority: 'high' }]) {
      assert.equal(DatadogConfig.safeParse(raw).success, false, JSON.stringify(raw));
    }
  });
});
