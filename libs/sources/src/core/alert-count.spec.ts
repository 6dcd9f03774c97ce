import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { entriesOfField, oneAlertPerPayload } from './alert-count.js';

describe('alert counters', () => {
  const cases: Array<{ name: string; body: unknown; entries: number; one: number }> = [
    { name: 'a batch of three', body: { alerts: [{}, {}, { bad: true }] }, entries: 3, one: 1 },
    { name: 'an empty batch', body: { alerts: [] }, entries: 0, one: 1 },
    { name: 'the field is not an array', body: { alerts: 'x' }, entries: 1, one: 1 },
    { name: 'no such field', body: { other: [1, 2] }, entries: 1, one: 1 },
    { name: 'a top-level array', body: [{}, {}], entries: 1, one: 1 },
    { name: 'a string (SNS, form fields)', body: 'payload=1', entries: 1, one: 1 },
    { name: 'no body at all', body: undefined, entries: 1, one: 1 },
    { name: 'null', body: null, entries: 1, one: 1 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.equal(entriesOfField('alerts')(c.body), c.entries);
      assert.equal(oneAlertPerPayload(c.body), c.one);
    });
  }
});
