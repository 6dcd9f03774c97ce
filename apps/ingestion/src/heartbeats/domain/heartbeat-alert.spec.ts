import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RawAlertEnvelope } from '@herald/contracts';
import { validateBody } from '@herald/sources';
import { heartbeatAlert, type HeartbeatSubject } from './heartbeat-alert.js';

const SUBJECT: HeartbeatSubject = {
  id: 'am-watchdog',
  createdAt: Date.parse('2026-01-01T00:00:00Z'),
  name: 'Alertmanager prod',
  timing: { intervalSeconds: 60, graceSeconds: 30 },
  severityMap: null,
  dedupScope: 'integration',
};
const AT = Date.parse('2026-12-06T03:00:00Z');
const OPEN = { kind: 'open', miss: 4, lastPingAt: AT - 95_000, silentSeconds: 95 } as const;
const RESOLVE = { kind: 'resolve', miss: 4 } as const;

describe('heartbeat alert', () => {
  it('opens with a trigger in the generic format that names the heartbeat and its silence', () => {
    const envelope = heartbeatAlert(SUBJECT, OPEN, AT);
    assert.equal(RawAlertEnvelope.safeParse(envelope).success, true);
    assert.deepEqual(validateBody(envelope.source, envelope.body), { ok: true });
    assert.equal(envelope.integrationId, 'am-watchdog');
    assert.equal(envelope.receivedAt, '2026-12-06T03:00:00.000Z');
    assert.deepEqual(envelope.body, {
      action: 'trigger',
      dedup_key: 'heartbeat/am-watchdog',
      summary: 'No heartbeat from Alertmanager prod for 95 s',
      severity: 'critical',
      source: 'herald-heartbeat',
      labels: { alertname: 'HeartbeatMissed', integration: 'Alertmanager prod', heartbeat: 'am-watchdog' },
      annotations: { description: 'Alertmanager prod should ping Herald every 60 s (+30 s grace); its last ping was at 2026-12-06T02:58:25.000Z.' },
      details: { miss: 4, lastPingAt: '2026-12-06T02:58:25.000Z', intervalSeconds: 60, graceSeconds: 30 },
      occurred_at: '2026-12-06T03:00:00.000Z',
    });
  });

  it('resolves the same key with a resolve', () => {
    const envelope = heartbeatAlert(SUBJECT, RESOLVE, AT);
    assert.deepEqual(validateBody(envelope.source, envelope.body), { ok: true });
    assert.deepEqual(
      [(envelope.body as { action: string }).action, (envelope.body as { dedup_key: string }).dedup_key],
      ['resolve', 'heartbeat/am-watchdog'],
    );
  });

  const ids: ReadonlyArray<[string, string, string, boolean]> = [
    ['the same miss announced again later', heartbeatAlert(SUBJECT, OPEN, AT).id, heartbeatAlert(SUBJECT, { ...OPEN, silentSeconds: 300 }, AT + 205_000).id, true],
    ['the opening and the resolving of one miss', heartbeatAlert(SUBJECT, OPEN, AT).id, heartbeatAlert(SUBJECT, RESOLVE, AT).id, false],
    ['two misses', heartbeatAlert(SUBJECT, OPEN, AT).id, heartbeatAlert(SUBJECT, { ...OPEN, miss: 5 }, AT).id, false],
    ['two heartbeats', heartbeatAlert(SUBJECT, OPEN, AT).id, heartbeatAlert({ ...SUBJECT, id: 'other' }, OPEN, AT).id, false],
    ['a heartbeat made again under the same id', heartbeatAlert(SUBJECT, OPEN, AT).id, heartbeatAlert({ ...SUBJECT, createdAt: AT }, OPEN, AT).id, false],
  ];
  for (const [name, a, b, same] of ids) {
    it(`${same ? 'shares' : 'does not share'} an id: ${name}`, () => assert.equal(a === b, same));
  }

  it("carries the integration's severity map and global dedup scope", () => {
    const envelope = heartbeatAlert({ ...SUBJECT, severityMap: { critical: 'warning' }, dedupScope: 'global' }, OPEN, AT);
    assert.deepEqual(envelope.severityMap, { critical: 'warning' });
    assert.equal(envelope.dedupScope, 'global');
    assert.equal('severityMap' in heartbeatAlert(SUBJECT, OPEN, AT), false);
  });
});
