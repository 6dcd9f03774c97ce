import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EVENT_TYPES, INCIDENT_ID, renderInput, SIGNING } from '../shared/testing.js';
import { type RenderedRequest } from '../types.js';
import { SplunkConfig } from './splunk.config.js';
import { splunkRenderer } from './splunk.renderer.js';

const TOKEN = 'B5A79AAD-D822-46CC-80D1-819F80D7BFB0';

function render(raw: Record<string, unknown>, type = 'IncidentTriggered' as (typeof EVENT_TYPES)[number]) {
  const request = splunkRenderer.render(renderInput(type), SplunkConfig.parse({ token: TOKEN, ...raw }), SIGNING) as RenderedRequest;
  return { request, body: JSON.parse(request.body) as Record<string, unknown> };
}

describe('splunk renderer', () => {
  it('posts a HEC event with the Splunk authorization header', () => {
    const { request, body } = render({ url: 'https://splunk.example.com:8088' });
    assert.equal(request.url, 'https://splunk.example.com:8088/services/collector/event');
    assert.equal(request.headers.authorization, `Splunk ${TOKEN}`);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.ok(!request.body.includes(TOKEN) && !request.url.includes(TOKEN));
    assert.equal(body.time, 1772366400);
    assert.equal(body.source, 'herald');
    assert.equal(body.sourcetype, 'herald:incident');
    assert.equal(body.index, undefined);
    assert.equal(body.host, undefined);
    assert.deepEqual(body.fields, {
      herald_event: 'triggered',
      herald_severity: 'critical',
      herald_status: 'triggered',
      herald_incident_id: INCIDENT_ID,
      herald_service: 'postgres',
    });
  });

  it('carries the Herald payload as the event for every event type', () => {
    for (const type of EVENT_TYPES) {
      const { body } = render({ url: 'https://splunk.example.com:8088' }, type);
      const event = body.event as { version: number; type: string; incident: { id: string } };
      assert.equal(event.version, 1);
      assert.equal(event.incident.id, INCIDENT_ID);
      assert.match(event.type, /^incident\./);
    }
  });

  it('uses a full endpoint URL as given, and sets index, host and channel', () => {
    const channel = '0b4b7b2e-8d0a-4a3c-9a57-3f1f4b6a9d11';
    const { request, body } = render({
      url: 'https://http-inputs-acme.splunkcloud.com/services/collector/event',
      index: 'alerts',
      host: 'herald-prod',
      sourcetype: '_json',
      channel,
    });
    assert.equal(request.url, 'https://http-inputs-acme.splunkcloud.com/services/collector/event');
    assert.equal(body.index, 'alerts');
    assert.equal(body.host, 'herald-prod');
    assert.equal(body.sourcetype, '_json');
    assert.equal(request.headers['x-splunk-request-channel'], channel);
  });

  it('seed 004: a sourcetype per event type ({event}) and a flat event object', () => {
    const cases: Array<[(typeof EVENT_TYPES)[number], string, string]> = [
      ['IncidentTriggered', 'herald:triggered', 'incident.triggered'],
      ['IncidentResolved', 'herald:resolved', 'incident.resolved'],
      ['IncidentAcknowledged', 'herald:acknowledged', 'incident.acknowledged'],
    ];
    for (const [type, sourcetype, eventType] of cases) {
      const { body } = render({ url: 'https://splunk.example.com:8088', sourcetype: 'herald:{event}', eventFormat: 'flat' }, type);
      assert.equal(body.sourcetype, sourcetype);
      const event = body.event as Record<string, unknown>;
      assert.deepEqual([event.event_type, event.severity, event.incident_id, event.service], [eventType, 'critical', INCIDENT_ID, 'postgres']);
      assert.equal(typeof event.timestamp, 'string');
      for (const [key, value] of Object.entries(event)) {
        if (key !== 'labels') assert.notEqual(typeof value === 'object' && value !== null, true, `${key} is a plain value`);
      }
    }
  });

  it('keeps millisecond precision in time', () => {
    const input = renderInput('IncidentTriggered');
    const event = { ...input.message.event, occurredAt: '2026-03-01T12:00:00.123Z' };
    const request = splunkRenderer.render(
      { ...input, message: { ...input.message, event } },
      SplunkConfig.parse({ url: 'https://s:8088', token: TOKEN }),
      SIGNING,
    ) as RenderedRequest;
    assert.equal((JSON.parse(request.body) as { time: number }).time, 1772366400.123);
  });

  it('refuses bad settings', () => {
    const bad = [
      { url: 'https://s', token: 'has space' },
      { url: 'https://s', token: TOKEN, index: 'Upper' },
      { url: 'https://s' },
      { url: 'https://s', token: TOKEN, eventFormat: 'nested' },
    ];
    for (const raw of bad) {
      assert.equal(SplunkConfig.safeParse(raw).success, false, JSON.stringify(raw));
    }
  });
});
