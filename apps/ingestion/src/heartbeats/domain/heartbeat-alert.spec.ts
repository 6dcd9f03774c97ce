import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CanonicalAlert } from '@herald/contracts';
import { validateBody } from '@herald/sources';
import { heartbeatAlert, heartbeatBody, type HeartbeatSubject } from './heartbeat-alert.js';

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
    const body = heartbeatBody(SUBJECT, OPEN, AT);
    assert.deepEqual(validateBody('generic', body), { ok: true });
    assert.deepEqual(body, {
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

  it('is that body normalised: one canonical trigger, scoped to the integration', () => {
    const alert = heartbeatAlert(SUBJECT, OPEN, AT);
    assert.equal(CanonicalAlert.safeParse(alert).success, true);
    assert.deepEqual(
      [alert.action, alert.integrationId, alert.dedupKey, alert.severity, alert.summary, alert.receivedAt],
      ['trigger', 'am-watchdog', 'am-watchdog/heartbeat/am-watchdog', 'critical', 'No heartbeat from Alertmanager prod for 95 s', '2026-12-06T03:00:00.000Z'],
    );
    assert.deepEqual(alert.labels, { alertname: 'HeartbeatMissed', integration: 'Alertmanager prod', heartbeat: 'am-watchdog', source: 'herald-heartbeat' });
  });

  it('resolves the same key with a resolve', () => {
    const [open, resolve] = [heartbeatAlert(SUBJECT, OPEN, AT), heartbeatAlert(SUBJECT, RESOLVE, AT)];
    assert.deepEqual([resolve.action, resolve.dedupKey], ['resolve', open.dedupKey]);
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

  it("applies the integration's severity map and global dedup scope", () => {
    const alert = heartbeatAlert({ ...SUBJECT, severityMap: { critical: 'warning' }, dedupScope: 'global' }, OPEN, AT);
    assert.deepEqual([alert.severity, alert.dedupKey], ['warning', 'heartbeat/am-watchdog']);
  });
});
