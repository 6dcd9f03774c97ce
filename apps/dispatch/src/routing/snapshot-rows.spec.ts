import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IncidentEventMessage } from '@herald/contracts';
import { eventOf, snapshot } from './domain/incident-message.fixture.js';
import { newestPerIncident, snapshotRows, writtenMessages } from './snapshot-rows.js';

function message(id: string, version: number): IncidentEventMessage {
  return { event: { ...eventOf('IncidentTriggered'), version, incidentId: id }, incident: snapshot({ id }) };
}

describe('snapshot rows of a routed batch', () => {
  const A = '0B6F3C2E-8A43-4C1E-9D0A-5A1B2C3D4E5F';
  const B = '1c6f3c2e-8a43-4c1e-9d0a-5a1b2c3d4e5f';

  it('keeps, per incident, the newest version, whatever order the batch had', () => {
    const newest = newestPerIncident([message(A, 2), message(B, 1), message(A, 3), message(A, 1)]);
    assert.deepEqual(
      [...newest.values()].map((m) => [m.incident.id, m.event.version]),
      [
        [A, 3],
        [B, 1],
      ],
    );
  });

  it('finds the written messages by the ids PostgreSQL returns (lower case), and ignores ids it does not know', () => {
    const newest = newestPerIncident([message(A, 1), message(B, 4)]);
    const written = writtenMessages(newest, [A.toLowerCase(), 'ffffffff-ffff-4fff-8fff-ffffffffffff', B]);
    assert.deepEqual(
      written.map((m) => m.event.version),
      [1, 4],
    );
  });

  it('names the job that carries a message instead of repeating its snapshot, and sends the snapshot when none does', () => {
    const carried = message(A, 2);
    const alone = message(B, 1);
    const rows = snapshotRows(newestPerIncident([carried, alone]), (m) => (m === carried ? 'job-1' : undefined));
    assert.deepEqual(rows, [
      { incident_id: A, version: 2, status: carried.incident.status, job_id: 'job-1' },
      { incident_id: B, version: 1, status: alone.incident.status, snapshot: alone.incident },
    ]);
    assert.ok(snapshotRows(newestPerIncident([carried])).every((r) => 'snapshot' in r), 'without carriers every row has its snapshot');
  });
});
