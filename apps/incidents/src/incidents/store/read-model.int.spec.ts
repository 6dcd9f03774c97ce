import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import { inPipelinedTransaction, schemaName } from '@herald/persistence';
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
      const matched = await inPipelinedTransaction(ds, (tx) =>
        updateReadModel(tx, [{ ...readModelRow(changed, null), expected: c.expected(incident.version) }]),
      );
      assert.equal(matched, c.matched);
      const [row] = await ds.query<Array<{ summary: string; version: number }>>('SELECT summary, version FROM incidents WHERE id = $1', [incident.id]);
      assert.deepEqual(row, c.matched === 1 ? { summary: 'changed', version: incident.version + 1 } : { summary: incident.summary, version: incident.version });
    });
  }

  it('counts each matched row once across a batch, the stale ones left out', async () => {
    const [a, b, c] = [await storedIncident(), await storedIncident(), await storedIncident()];
    const next = (i: Incident): Incident => ({ ...i, version: i.version + 1 });
    const matched = await inPipelinedTransaction(ds, (tx) =>
      updateReadModel(tx, [
        { ...readModelRow(next(a), null), expected: a.version },
        { ...readModelRow(next(b), null), expected: b.version + 1 },
        { ...readModelRow(next(c), null), expected: c.version },
      ]),
    );
    assert.equal(matched, 2);
  });

  it('derives every column from the state it stores, as an incident is opened and as it changes (null times included)', async () => {
    const incident = await storedIncident();
    const columnsOf = async (id: string): Promise<Record<string, unknown>> => {
      const [row] = await ds.query<Array<Record<string, unknown>>>('SELECT * FROM incidents WHERE id = $1', [id]);
      return row!;
    };
    const expectColumns = (row: Record<string, unknown>, state: Incident, nextTimerAt: string | null): void => {
      const at = (v: string | null): number | null => (v === null ? null : Date.parse(v));
      const time = (v: unknown): number | null => (v === null ? null : (v as Date).getTime());
      assert.deepEqual(
        {
          id: row.id, dedup_key: row.dedup_key, integration_id: row.integration_id, source: row.source, status: row.status, severity: row.severity,
          summary: row.summary, service: row.service, labels: row.labels, alert_count: row.alert_count, flapping: row.flapping, version: row.version,
          opened_at: time(row.opened_at), last_alert_at: time(row.last_alert_at), acknowledged_at: time(row.acknowledged_at), resolved_at: time(row.resolved_at),
          next_timer_at: time(row.next_timer_at), state: row.state,
        },
        {
          id: state.id, dedup_key: state.dedupKey, integration_id: state.integrationId, source: state.source, status: state.status, severity: state.severity,
          summary: state.summary, service: state.service, labels: state.labels, alert_count: state.alertCount, flapping: state.flapping, version: state.version,
          opened_at: at(state.openedAt), last_alert_at: at(state.lastAlertAt), acknowledged_at: at(state.acknowledgedAt), resolved_at: at(state.resolvedAt),
          next_timer_at: at(nextTimerAt), state: JSON.parse(JSON.stringify(state)),
        },
      );
    };
    // Opened through the commands: its timer is the policy's, so the row's own is taken for it.
    const opened = await columnsOf(incident.id);
    expectColumns(opened, incident, opened.next_timer_at === null ? null : (opened.next_timer_at as Date).toISOString());
    const acknowledged: Incident = {
      ...incident, status: 'acknowledged', acknowledgedAt: '2026-03-02T12:30:00.000Z', resolvedAt: null,
      service: 'payments', summary: 'Disk "full" on db-1', labels: { ...incident.labels, team: 'storage' }, alertCount: 7, flapping: true, version: incident.version + 1,
    };
    const matched = await inPipelinedTransaction(ds, (tx) => updateReadModel(tx, [{ ...readModelRow(acknowledged, '2026-03-02T13:00:00.000Z'), expected: incident.version }]));
    assert.equal(matched, 1);
    expectColumns(await columnsOf(incident.id), acknowledged, '2026-03-02T13:00:00.000Z');
  });
});
