import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { compiledCheck, withDiscriminators } from './compiled-check.js';
import type { CanonicalAlert } from './canonical-alert.js';
import type { DeliveryJob } from './delivery.js';
import type { IncidentEventMessage } from './incident-events.js';
import { MESSAGES } from './messages.js';
import { canonicalAlert, deliveryOutcome, incidentEventMessage } from './testing/index.js';

/** A copy of `value` with `change` applied: the cases below each break (or keep) one field. */
function edited<T>(value: T, change: (copy: T) => void): T {
  const copy = structuredClone(value);
  change(copy);
  return copy;
}

const message = incidentEventMessage({ alertname: 'DiskFull', instance: 'db-1:9100' });
const acknowledged: IncidentEventMessage = {
  ...message,
  event: { id: message.event.id, incidentId: message.incident.id, version: 2, occurredAt: message.event.occurredAt, type: 'IncidentAcknowledged', data: { by: { kind: 'user', name: 'ana' } } },
  incident: { ...message.incident, status: 'acknowledged', acknowledgedAt: message.event.occurredAt },
};
const job: DeliveryJob = { id: `${message.event.id}.ops`, receiverId: 'ops', channel: 'webhook', createdAt: message.event.occurredAt, message };

const alert = (n: number, over: Partial<CanonicalAlert> = {}): CanonicalAlert =>
  canonicalAlert(n, {
    labels: { alertname: 'DiskFull' },
    details: { value: 97.5, nested: { list: [1, 'two', null] } },
    links: [{ href: 'http://grafana/d/1', text: 'dashboard' }],
    receivedAt: '2026-01-01T00:00:01.000+01:00',
    ...over,
  });

type Kind = 'canonicalAlerts' | 'incidentEvents' | 'deliveryJob' | 'deliveryOutcomes';
const cases: Array<{ name: string; kind: Kind; payload: unknown }> = [
  { name: 'a batch of alerts of one source', kind: 'canonicalAlerts', payload: { alerts: [alert(1), alert(2, { endsAt: '2026-01-01T01:00:00Z', service: 'db' })] } },
  { name: 'alerts of two sources (the rule a JSON Schema cannot say)', kind: 'canonicalAlerts', payload: { alerts: [alert(1), alert(2, { source: 'grafana' })] } },
  { name: 'a lone alert of an earlier version', kind: 'canonicalAlerts', payload: alert(1) },
  { name: 'an alert of an unknown action', kind: 'canonicalAlerts', payload: { alerts: [{ ...alert(1), action: 'explode' }] } },
  { name: 'an alert without its dedup key', kind: 'canonicalAlerts', payload: { alerts: [edited(alert(1), (a) => delete (a as { dedupKey?: string }).dedupKey)] } },
  { name: 'a link without its href', kind: 'canonicalAlerts', payload: { alerts: [alert(1, { links: [{ text: 'x' } as CanonicalAlert['links'][number]] })] } },
  { name: 'a run of events', kind: 'incidentEvents', payload: { events: [message, acknowledged] } },
  { name: 'an event of another type (the discriminated branch)', kind: 'incidentEvents', payload: { events: [acknowledged] } },
  { name: 'a summary of 600 emoji (1,200 UTF-16 units, 600 code points: both count code points)', kind: 'incidentEvents', payload: { events: [edited(message, (m) => (m.incident.summary = '😀'.repeat(600)))] } },
  { name: 'a lone event of an earlier version (zod reads it as a run)', kind: 'incidentEvents', payload: message },
  { name: 'an empty run', kind: 'incidentEvents', payload: { events: [] } },
  { name: 'a run over the limit', kind: 'incidentEvents', payload: { events: Array.from({ length: 101 }, () => message) } },
  { name: 'an event id that is no uuid', kind: 'incidentEvents', payload: { events: [edited(message, (m) => (m.event.id = 'x'))] } },
  { name: 'an unknown event type', kind: 'incidentEvents', payload: { events: [edited(message, (m) => ((m.event as { type: string }).type = 'IncidentExploded'))] } },
  { name: 'a triggered event without its labels', kind: 'incidentEvents', payload: { events: [edited(message, (m) => delete (m.event.data as { labels?: unknown }).labels)] } },
  { name: "data of another type's shape", kind: 'incidentEvents', payload: { events: [{ ...acknowledged, event: { ...acknowledged.event, data: message.event.data } }] } },
  { name: 'a summary over 1,024 characters', kind: 'incidentEvents', payload: { events: [edited(message, (m) => (m.incident.summary = 'a'.repeat(1_025)))] } },
  { name: 'a time without an offset', kind: 'incidentEvents', payload: { events: [edited(message, (m) => (m.event.occurredAt = '2026-12-07T10:00:00'))] } },
  { name: 'a negative alert count', kind: 'incidentEvents', payload: { events: [edited(message, (m) => (m.incident.alertCount = -1))] } },
  { name: 'a fractional version', kind: 'incidentEvents', payload: { events: [edited(message, (m) => (m.event.version = 1.5))] } },
  { name: 'a label value that is no string', kind: 'incidentEvents', payload: { events: [edited(message, (m) => ((m.incident.labels as Record<string, unknown>).n = 1))] } },
  { name: 'an unknown status', kind: 'incidentEvents', payload: { events: [edited(message, (m) => ((m.incident as { status: string }).status = 'sleeping'))] } },
  { name: 'a delivery job', kind: 'deliveryJob', payload: job },
  { name: 'a job handed over for a retry', kind: 'deliveryJob', payload: { ...job, notBefore: message.event.occurredAt } },
  { name: 'a job for an unknown channel', kind: 'deliveryJob', payload: { ...job, channel: 'pigeon' } },
  { name: 'a receiver id with a dot (not a subject token)', kind: 'deliveryJob', payload: { ...job, receiverId: 'ops.team' } },
  { name: 'a job whose message is broken', kind: 'deliveryJob', payload: edited(job, (j) => (j.message.incident.id = 'x')) },
  { name: 'a batch of outcomes', kind: 'deliveryOutcomes', payload: { outcomes: [deliveryOutcome(), deliveryOutcome({ id: 'job-2.1' })] } },
  { name: 'a lone outcome of an earlier version', kind: 'deliveryOutcomes', payload: deliveryOutcome() },
  { name: 'an outcome of an unknown kind', kind: 'deliveryOutcomes', payload: { outcomes: [{ ...deliveryOutcome(), outcome: 'lost' }] } },
];

describe('compiled checks of the message contracts', () => {
  for (const c of cases) {
    it(`agrees with zod: ${c.name}`, () => {
      const definition = MESSAGES[c.kind];
      const parsed = definition.schema.safeParse(c.payload);
      const passed = definition.check!(c.payload);
      // A pass means the value is the payload as it stands: zod accepts it and reads it unchanged.
      if (passed) {
        assert.equal(parsed.success, true, 'the check passed what zod refuses');
        assert.deepEqual(parsed.data, c.payload);
      }
      // Refused by both, or passed by both; a form the check leaves to zod (an earlier version's lone message) is zod's alone.
      const earlierForm = c.name.includes('earlier version');
      assert.equal(passed, parsed.success && !earlierForm);
    });
  }
});

describe('compiledCheck', () => {
  it('leaves every value to zod when the schema has no JSON Schema (a Date), instead of throwing in the consumer', () => {
    const check = compiledCheck(z.object({ at: z.date() }));
    assert.equal(check({ at: new Date() }), false);
    assert.equal(check('anything'), false);
  });
});

describe('withDiscriminators', () => {
  const branch = (type: string, extra: Record<string, unknown> = {}) => ({ type: 'object', properties: { type: { type: 'string', const: type }, ...extra }, required: ['type'] });
  const table: Array<{ name: string; in: Record<string, unknown>; out: Record<string, unknown> }> = [
    {
      name: 'a union told apart by a required literal becomes a oneOf with a discriminator',
      in: { anyOf: [branch('a'), branch('b')] },
      out: { oneOf: [branch('a'), branch('b')], discriminator: { propertyName: 'type' }, required: ['type'], type: 'object' },
    },
    { name: 'branches sharing a value are left alone', in: { anyOf: [branch('a'), branch('a')] }, out: { anyOf: [branch('a'), branch('a')] } },
    {
      name: 'a literal one branch does not require is no discriminator',
      in: { anyOf: [branch('a'), { ...branch('b'), required: [] }] },
      out: { anyOf: [branch('a'), { ...branch('b'), required: [] }] },
    },
    { name: 'a union of plain types is left alone', in: { anyOf: [{ type: 'string' }, { type: 'number' }] }, out: { anyOf: [{ type: 'string' }, { type: 'number' }] } },
    {
      name: 'nested unions are found',
      in: { type: 'object', properties: { events: { type: 'array', items: { anyOf: [branch('a'), branch('b')] } } } },
      out: { type: 'object', properties: { events: { type: 'array', items: { oneOf: [branch('a'), branch('b')], discriminator: { propertyName: 'type' }, required: ['type'], type: 'object' } } } },
    },
  ];
  for (const c of table) {
    it(c.name, () => assert.deepEqual(withDiscriminators(c.in), c.out));
  }
});
