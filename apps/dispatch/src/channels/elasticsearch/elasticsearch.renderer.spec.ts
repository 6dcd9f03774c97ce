import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EVENT_ID, EVENT_TYPES, INCIDENT_ID, NOW, renderInput, SIGNING } from '../shared/testing.js';
import { type RenderInput, type RenderedRequest } from '../types.js';
import { ElasticsearchConfig } from './elasticsearch.config.js';
import { ECS_VERSION, elasticsearchRenderer, splitIndexUrl } from './elasticsearch.renderer.js';

interface EcsDoc {
  '@timestamp': string;
  ecs: { version: string };
  message: string;
  event: Record<string, unknown>;
  labels: Record<string, string>;
  service?: { name: string };
  rule: Record<string, string>;
  url?: { full: string };
  herald: { incident: Record<string, unknown>; event: { type: string; data: Record<string, unknown>; details?: string } };
}

function render(raw: Record<string, unknown>, input: RenderInput = renderInput('IncidentTriggered')) {
  const request = elasticsearchRenderer.render(input, ElasticsearchConfig.parse(raw), SIGNING) as RenderedRequest;
  return { request, doc: JSON.parse(request.body) as EcsDoc };
}

describe('elasticsearch renderer', () => {
  it('indexes to <url>/<index>/_doc/<event id>.<receiver id>', () => {
    const { request } = render({ url: 'http://elasticsearch:9200/' });
    assert.equal(request.method, 'POST');
    assert.equal(request.url, `http://elasticsearch:9200/herald-incidents/_doc/${EVENT_ID}.ops-hook`);
    const piped = render({ url: 'https://es.example.com/base', index: 'alerts-prod', pipeline: 'herald-geo' }).request;
    assert.equal(piped.url, `https://es.example.com/base/alerts-prod/_doc/${EVENT_ID}.ops-hook?pipeline=herald-geo`);
  });

  it('takes the index from a URL given with its index path (seed 004: …/sentyr/_doc)', () => {
    const cases: Array<[string, string, string | undefined]> = [
      ['https://es.example.com:9200/sentyr/_doc', 'https://es.example.com:9200/', 'sentyr'],
      ['https://es.example.com:9200/sentyr/_doc/', 'https://es.example.com:9200/', 'sentyr'],
      ['https://es.example.com/proxy/alerts-prod/_doc', 'https://es.example.com/proxy', 'alerts-prod'],
      ['https://es.example.com:9200', 'https://es.example.com:9200', undefined],
      ['https://es.example.com/base', 'https://es.example.com/base', undefined],
      ['https://es.example.com/_doc', 'https://es.example.com/_doc', undefined],
    ];
    for (const [url, base, index] of cases) assert.deepEqual(splitIndexUrl(url), index === undefined ? { base } : { base, index }, url);
    const { request } = render({ url: 'https://elasticsearch.example.com:9200/sentyr/_doc' });
    assert.equal(request.url, `https://elasticsearch.example.com:9200/sentyr/_doc/${EVENT_ID}.ops-hook`);
  });

  it('seed 004: event.category as configured, event.type from the incident event (ECS values)', () => {
    const types = EVENT_TYPES.map((t) => render({ url: 'http://es:9200', eventCategory: ['intrusion_detection'] }, renderInput(t)).doc.event);
    assert.deepEqual(types.map((e) => e.category), EVENT_TYPES.map(() => ['intrusion_detection']));
    assert.deepEqual(types.map((e) => (e.type as string[])[0]), ['start', 'info', 'change', 'change', 'end', 'start', 'change', 'change', 'info', 'change']);
    assert.equal(ElasticsearchConfig.safeParse({ url: 'http://es:9200', eventCategory: ['security'] }).success, false, 'not an ECS category');
  });

  it('is idempotent: the same event and receiver give the same URL and body', () => {
    const a = render({ url: 'http://es:9200' }).request;
    const b = render({ url: 'http://es:9200' }).request;
    assert.deepEqual(a, b);
  });

  it('writes the ECS fields', () => {
    const { doc } = render({ url: 'http://es:9200' });
    assert.equal(doc['@timestamp'], '2026-03-01T12:00:00.000Z');
    assert.equal(doc.ecs.version, ECS_VERSION);
    assert.equal(doc.message, '[CRITICAL] Triggered: Disk almost full on db-1');
    assert.deepEqual(
      { ...doc.event },
      {
        kind: 'alert',
        category: ['host'],
        type: ['start'],
        action: 'incident-triggered',
        id: EVENT_ID,
        created: NOW,
        severity: 2,
        dataset: 'herald.incident',
        module: 'herald',
        provider: 'alertmanager',
        start: '2026-03-01T11:50:00.000Z',
        url: `https://herald.example.com/incidents/${INCIDENT_ID}`,
      },
    );
    assert.deepEqual(doc.service, { name: 'postgres' });
    assert.deepEqual(doc.rule, { id: 'alertmanager:disk-full:db-1', name: 'DiskFull', ruleset: 'prod-alertmanager' });
    assert.equal(doc.url?.full, `https://herald.example.com/incidents/${INCIDENT_ID}`);
    assert.equal(doc.herald.incident.alert_count, 3);
  });

  it('maps severities to numbers, most severe lowest', () => {
    const cases = [['critical', 2], ['error', 3], ['warning', 4], ['info', 6]] as const;
    for (const [severity, n] of cases) {
      const { doc } = render({ url: 'http://es:9200' }, renderInput('IncidentTriggered', { incident: { severity } }));
      assert.equal(doc.event.severity, n);
    }
  });

  it('names every event type as an action', () => {
    const actions = EVENT_TYPES.map((t) => render({ url: 'http://es:9200' }, renderInput(t)).doc.event.action);
    assert.deepEqual(actions, [
      'incident-triggered',
      'incident-alert-deduplicated',
      'incident-severity-changed',
      'incident-acknowledged',
      'incident-resolved',
      'incident-reopened',
      'incident-flapping',
      'incident-stabilised',
      'incident-note-added',
      'incident-escalated',
    ]);
  });

  it('records the end and duration of a resolved incident', () => {
    const input = renderInput('IncidentResolved', { incident: { resolvedAt: '2026-03-01T12:00:00.000Z' } });
    const { doc } = render({ url: 'http://es:9200' }, input);
    assert.equal(doc.event.end, '2026-03-01T12:00:00.000Z');
    assert.equal(doc.event.duration, 600_000_000_000);
  });

  it('flattens dotted label keys and stores details as a string', () => {
    const input = renderInput('IncidentTriggered', {
      incident: { labels: { 'app.kubernetes.io/name': 'db', 'a b': 'c' } },
      data: { details: { nested: { deep: [1, 2] } } },
    });
    const { doc } = render({ url: 'http://es:9200' }, input);
    assert.deepEqual(doc.labels, { 'app_kubernetes_io/name': 'db', a_b: 'c' });
    assert.equal(doc.herald.event.details, '{"nested":{"deep":[1,2]}}');
    assert.equal(doc.herald.event.data.details, undefined);
  });

  it('authenticates with an API key or the generic auth', () => {
    const cases = [
      { raw: {}, authorization: undefined },
      { raw: { apiKey: 'VnVhQ2ZHY0JDZGJr' }, authorization: 'ApiKey VnVhQ2ZHY0JDZGJr' },
      {
        raw: { auth: { type: 'basic', username: 'elastic', password: 'changeme' } },
        authorization: `Basic ${Buffer.from('elastic:changeme').toString('base64')}`,
      },
      { raw: { auth: { type: 'bearer', token: 'tok' } }, authorization: 'Bearer tok' },
    ];
    for (const c of cases) {
      const { request } = render({ url: 'http://es:9200', ...c.raw });
      assert.equal(request.headers.authorization, c.authorization);
      assert.ok(!request.body.includes('changeme') && !request.url.includes('changeme'));
    }
  });

  it('refuses bad index names and ambiguous auth', () => {
    const bad = [
      { url: 'http://es:9200', index: 'Upper' },
      { url: 'http://es:9200', index: '_hidden' },
      { url: 'http://es:9200', index: 'a/b' },
      { url: 'http://es:9200', index: '..' },
      { url: 'http://es:9200', apiKey: 'abc', auth: { type: 'bearer', token: 't' } },
      { url: 'http://es:9200', pipeline: 'bad pipeline' },
    ];
    for (const raw of bad) assert.equal(ElasticsearchConfig.safeParse(raw).success, false, JSON.stringify(raw));
  });
});
