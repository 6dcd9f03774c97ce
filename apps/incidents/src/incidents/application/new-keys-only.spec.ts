import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alert, at, INCIDENT_ID } from '../domain/incident.test-kit.js';
import { newKeysOnly, type BatchItem } from './incident-batch.js';
import { SeenKeys } from './seen-keys.js';

const record = (id: string, dedupKey: string): BatchItem => ({
  command: { type: 'RecordAlert', alert: alert(0, { id, dedupKey }) },
  meta: { inboxId: id },
});

describe('newKeysOnly: which batches may guess their keys new', () => {
  const seen = new SeenKeys(10);
  seen.add('known/key');
  const cases: Array<{ name: string; items: BatchItem[]; expected: { ids: string[]; keys: string[] } | undefined }> = [
    { name: 'first deliveries on unseen keys: their ids and keys', items: [record('a1', 'k/1'), record('a2', 'k/2')], expected: { ids: ['a1', 'a2'], keys: ['k/1', 'k/2'] } },
    { name: 'two alerts on one unseen key: the key once', items: [record('a1', 'k/1'), record('a2', 'k/1')], expected: { ids: ['a1', 'a2'], keys: ['k/1'] } },
    { name: 'a key seen before: no guess', items: [record('a1', 'k/1'), record('a2', 'known/key')], expected: undefined },
    { name: 'one alert id twice in the batch: no guess', items: [record('a1', 'k/1'), record('a1', 'k/1')], expected: undefined },
    { name: 'an alert without an inbox id: no guess', items: [{ command: { type: 'RecordAlert', alert: alert(0, { dedupKey: 'k/1' }) }, meta: {} }], expected: undefined },
    {
      name: 'a command other than an alert: no guess',
      items: [record('a1', 'k/1'), { command: { type: 'AcknowledgeIncident', incidentId: INCIDENT_ID, by: 'ada', at: at(1) }, meta: {} }],
      expected: undefined,
    },
    { name: 'an empty batch: no guess', items: [], expected: undefined },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(newKeysOnly(c.items, seen), c.expected));
});
