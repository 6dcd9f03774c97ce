import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INCIDENT_EVENT_TYPES, type IncidentEventType, type IncidentStatus } from '@herald/contracts';
import { ReceiverTestBody, testEventType, testMessage } from './test-event.js';

const IDS = { incidentId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', eventId: '3f2504e0-4f89-41d3-9a0c-0305e82c3302', alertId: '3f2504e0-4f89-41d3-9a0c-0305e82c3303' };
const NOW = new Date('2026-01-02T03:04:05.000Z');

describe('testEventType', () => {
  const cases: Array<[string, IncidentEventType]> = [
    ['IncidentResolved', 'IncidentResolved'],
    ['resolved', 'IncidentResolved'],
    ['triggered', 'IncidentTriggered'],
    ['flapping', 'IncidentFlapping'],
    ['note', 'IncidentNoteAdded'],
    ['deduplicated', 'AlertDeduplicated'],
  ];
  for (const [name, type] of cases) it(`${name} → ${type}`, () => assert.equal(testEventType(ReceiverTestBody.parse({ eventType: name }).eventType), type));
  it('defaults to a trigger', () => assert.equal(testEventType(ReceiverTestBody.parse({}).eventType), 'IncidentTriggered'));
  it('refuses an unknown type', () => assert.equal(ReceiverTestBody.safeParse({ eventType: 'compliance.alert' }).success, false));
});

describe('testMessage', () => {
  const status: Partial<Record<IncidentEventType, IncidentStatus>> = { IncidentAcknowledged: 'acknowledged', IncidentResolved: 'resolved' };
  for (const type of INCIDENT_EVENT_TYPES) {
    it(`${type}: a valid message of that type, labelled as a test`, () => {
      const m = testMessage(type, NOW, IDS);
      assert.deepEqual([m.event.type, m.event.id, m.incident.id, m.incident.status, m.incident.labels.herald_test], [type, IDS.eventId, IDS.incidentId, status[type] ?? 'triggered', 'true']);
    });
  }
});
