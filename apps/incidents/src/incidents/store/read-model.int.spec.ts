import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import { schemaName } from '@herald/persistence';
import type { Incident } from '../domain/index.js';
import { canonicalAlert, closeAndDrop, commandsOn, openTestDataSource, recordItem, testNamespace } from '../testing/int-kit.js';
import { readModelRow, updateReadModel } from './read-model.js';

// Real PostgreSQL: the version check that turns a lost race into a ConcurrencyConflict.
const schema = schemaName(testNamespace('readmodel'), 'incidents');

describe('updateReadModel on a real PostgreSQL', () => {
  let ds: DataSource;
  before(async () => {
    ds = await openTestDataSource(schema);
  });
  after(async () => {
    await closeAndDrop(schema, ds);
  });

  /** Opens an incident through the commands and returns it as stored. */
  async function storedIncident(): Promise<Incident> {
    const key = `rm-${randomUUID()}`;
    await commandsOn(ds).commands.executeBatch([recordItem(canonicalAlert({ dedupKey: key }))]);
    const rows: Array<{ state: Incident }> = await ds.query('SELECT state FROM incidents WHERE dedup_key = $1', [key]);
    assert.equal(rows.length, 1);
    return rows[0]!.state;
  }

  const cases: Array<{ name: string; expected: (version: number) => number; matched: number }> = [
    { name: 'the version it was loaded at: written', expected: (v) => v, matched: 1 },
    { name: 'an older version (another writer got there first): not written', expected: (v) => v - 1, matched: 0 },
    { name: 'a version it never had: not written', expected: (v) => v + 5, matched: 0 },
  ];
  for (const c of cases) {
    it(`counts only rows still at the expected version: ${c.name}`, async () => {
      const incident = await storedIncident();
      const changed: Incident = { ...incident, summary: 'changed', version: incident.version + 1 };
      const matched = await ds.transaction((manager) =>
        updateReadModel(manager, [{ ...readModelRow(changed, null), expected: c.expected(incident.version) }]),
      );
      assert.equal(matched, c.matched);
      const [row] = await ds.query<Array<{ summary: string; version: number }>>('SELECT summary, version FROM incidents WHERE id = $1', [incident.id]);
      assert.deepEqual(row, c.matched === 1 ? { summary: 'changed', version: incident.version + 1 } : { summary: incident.summary, version: incident.version });
    });
  }

  it('counts each matched row once across a batch, the stale ones left out', async () => {
    const [a, b, c] = [await storedIncident(), await storedIncident(), await storedIncident()];
    const next = (i: Incident): Incident => ({ ...i, version: i.version + 1 });
    const matched = await ds.transaction((manager) =>
      updateReadModel(manager, [
        { ...readModelRow(next(a), null), expected: a.version },
        { ...readModelRow(next(b), null), expected: b.version + 1 },
        { ...readModelRow(next(c), null), expected: c.version },
      ]),
    );
    assert.equal(matched, 2);
  });
});
