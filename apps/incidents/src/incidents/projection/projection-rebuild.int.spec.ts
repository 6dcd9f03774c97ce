import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import type { CanonicalAlert } from '@herald/contracts';
import { schemaName } from '@herald/persistence';
import type { IncidentCommands } from '../application/incident-commands.js';
import { DEFAULT_INCIDENT_POLICY, type IncidentPolicy } from '../domain/index.js';
import { canonicalAlert, closeAndDrop, commandsOn, DATABASE_URL, openTestDataSource, recordItem, testNamespace } from '../testing/int-kit.js';
import { ProjectionRebuilder } from './projection-rebuild.js';

const namespace = testNamespace('rebuild');
const schema = schemaName(namespace, 'incidents');
const policy: IncidentPolicy = {
  reopenWindowSeconds: 300,
  flapping: { maxCycles: 1, windowSeconds: 3_600, calmSeconds: 600 },
  autoResolveAfterSeconds: 3_600,
};
const REBUILD_CLI = fileURLToPath(new URL('../../rebuild.js', import.meta.url));

describe('projection rebuild on a real PostgreSQL', () => {
  let ds: DataSource;
  let commands: IncidentCommands;
  const base = Date.now() - 3 * 3_600_000;
  const t = (seconds: number): string => new Date(base + seconds * 1_000).toISOString();

  before(async () => {
    ds = await openTestDataSource(schema);
    commands = commandsOn(ds, policy).commands;
  });

  after(async () => {
    await closeAndDrop(schema, ds);
  });

  /** Every column of every row, as PostgreSQL renders it. */
  const readModel = async (): Promise<unknown[]> => {
    const rows: Array<{ row: string }> = await ds.query('SELECT row_to_json(i)::text AS row FROM incidents AS i ORDER BY id');
    return rows.map((r) => JSON.parse(r.row) as unknown);
  };

  const record = (alert: Partial<CanonicalAlert>) => commands.execute(recordItem(canonicalAlert(alert)).command);
  const idOf = async (key: string): Promise<string> =>
    (await ds.query('SELECT id::text FROM incidents WHERE dedup_key = $1 ORDER BY opened_at DESC LIMIT 1', [key]))[0].id as string;

  /** Every kind of event: duplicates, escalation, people, reopen, flapping, notes, timers, successors. */
  async function liveHistory(): Promise<void> {
    await record({ dedupKey: 'flappy', receivedAt: t(0), severity: 'warning' });
    await record({ dedupKey: 'flappy', receivedAt: t(10), severity: 'critical', summary: 'worse' });
    await record({ dedupKey: 'flappy', receivedAt: t(20), action: 'resolve' });
    await record({ dedupKey: 'flappy', receivedAt: t(30), details: { again: true } });
    await record({ dedupKey: 'flappy', receivedAt: t(40), action: 'resolve' });
    await record({ dedupKey: 'flappy', receivedAt: t(50) });
    const flappy = await idOf('flappy');
    await commands.execute({ type: 'AddNote', incidentId: flappy, author: 'ada', text: 'looking', at: t(60) });

    await record({ dedupKey: 'human', receivedAt: t(100), endsAt: t(100_000) });
    const human = await idOf('human');
    await commands.execute({ type: 'AcknowledgeIncident', incidentId: human, by: 'ada', at: t(110) });

    await record({ dedupKey: 'successor', receivedAt: t(200) });
    await record({ dedupKey: 'successor', receivedAt: t(210), action: 'resolve' });
    await record({ dedupKey: 'successor', receivedAt: t(900) });

    // Opened three hours ago with a one-hour auto-resolve: the timer resolves it.
    await record({ dedupKey: 'timed-out', receivedAt: t(300) });
    while ((await commands.runDueTimers(50)) > 0);

    const alerts = Array.from({ length: 100 }, (_, i) => canonicalAlert({ dedupKey: `bulk-${i % 20}`, receivedAt: t(1_000 + i), severity: i % 7 === 0 ? 'error' : 'info' }));
    await commands.executeBatch(alerts.map(recordItem));
  }

  it('rebuilds a read model equal to the live one, and repairs a damaged one', async () => {
    await liveHistory();
    const live = await readModel();
    assert.equal(live.length, 25, 'flappy, human, two successors, timed-out and 20 bulk incidents');
    const statuses: Array<Record<string, unknown>> = await ds.query('SELECT dedup_key, status, flapping FROM incidents ORDER BY dedup_key, opened_at');
    // Hours later the timers have stabilised and resolved the flapping incident and the quiet ones.
    assert.deepEqual(statuses.find((s) => s.dedup_key === 'flappy'), { dedup_key: 'flappy', status: 'resolved', flapping: false });
    assert.deepEqual(statuses.find((s) => s.dedup_key === 'timed-out'), { dedup_key: 'timed-out', status: 'resolved', flapping: false });
    assert.deepEqual(statuses.find((s) => s.dedup_key === 'human'), { dedup_key: 'human', status: 'acknowledged', flapping: false });
    const types: Array<{ type: string }> = await ds.query('SELECT DISTINCT type FROM events ORDER BY type');
    assert.deepEqual(
      types.map((r) => r.type),
      [
        'AlertDeduplicated',
        'IncidentAcknowledged',
        'IncidentFlapping',
        'IncidentNoteAdded',
        'IncidentReopened',
        'IncidentResolved',
        'IncidentSeverityChanged',
        'IncidentStabilised',
        'IncidentTriggered',
      ],
      'the history holds every kind of event',
    );

    const report = await new ProjectionRebuilder(ds, policy).rebuild();
    assert.equal(report.incidents, 25);
    assert.equal(report.events, Number((await ds.query('SELECT count(*)::int AS n FROM events'))[0].n));
    assert.deepEqual(await readModel(), live, 'rebuilt equals live');

    await ds.query(`DELETE FROM incidents WHERE dedup_key = 'human'`);
    await ds.query(`UPDATE incidents SET alert_count = 1, next_timer_at = NULL, state = '{}' WHERE dedup_key = 'bulk-3'`);
    await ds.query(
      `INSERT INTO incidents (id, dedup_key, integration_id, source, status, severity, summary, labels, alert_count, flapping, opened_at, last_alert_at, version, state)
       VALUES ($1, 'ghost', 'x', 'generic', 'triggered', 'info', 'ghost', '{}', 1, false, now(), now(), 1, '{}')`,
      [randomUUID()],
    );
    assert.notDeepEqual(await readModel(), live);
    await new ProjectionRebuilder(ds, policy).rebuild();
    assert.deepEqual(await readModel(), live, 'the rebuild restores exactly what the events say');
  });

  it('runs as a command: node apps/incidents/dist/rebuild.js', async () => {
    const live = await readModel();
    await ds.query(`DELETE FROM incidents`);
    const { stdout } = await promisify(execFile)(process.execPath, [REBUILD_CLI], {
      env: {
        ...process.env,
        DATABASE_URL,
        HERALD_NAMESPACE: namespace,
        LOG_LEVEL: 'silent',
        INCIDENTS_REOPEN_WINDOW_SECONDS: String(policy.reopenWindowSeconds),
        INCIDENTS_FLAPPING_MAX_CYCLES: String(policy.flapping.maxCycles),
        INCIDENTS_FLAPPING_WINDOW_SECONDS: String(policy.flapping.windowSeconds),
        INCIDENTS_FLAPPING_CALM_SECONDS: String(policy.flapping.calmSeconds),
        INCIDENTS_AUTO_RESOLVE_SECONDS: String(policy.autoResolveAfterSeconds),
      },
    });
    const report = JSON.parse(stdout.trim()) as { rebuilt: string; incidents: number };
    assert.deepEqual({ rebuilt: report.rebuilt, incidents: report.incidents }, { rebuilt: 'incidents', incidents: live.length });
    assert.deepEqual(await readModel(), live);
  });

  it('derives timers from the policy in force, so a rebuild applies a changed policy', async () => {
    await new ProjectionRebuilder(ds, DEFAULT_INCIDENT_POLICY).rebuild();
    const rows: Array<{ dedup_key: string; next_timer_at: Date | null }> = await ds.query(
      `SELECT dedup_key, next_timer_at FROM incidents WHERE status <> 'resolved' AND dedup_key IN ('human', 'bulk-1')`,
    );
    const timers = Object.fromEntries(rows.map((r) => [r.dedup_key, r.next_timer_at?.toISOString() ?? null]));
    assert.deepEqual(timers, { human: t(100_000), 'bulk-1': null }, "an alert's endsAt stays; the auto-resolve delay is gone");
  });
});
