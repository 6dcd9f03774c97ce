import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IncidentSnapshot } from '@herald/contracts';
import { expired, filterAlerts, groupAlerts, routedLabels, toAmAlert, toAmSilence, toHeraldSilence, type HeraldSilence } from './am-views.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');

const incident = (overrides: Partial<IncidentSnapshot> = {}): IncidentSnapshot => ({
  id: '0f3a9c1b-2d4e-4f60-8a1b-2c3d4e5f6071',
  dedupKey: 'k',
  integrationId: 'am',
  source: 'alertmanager',
  status: 'triggered',
  severity: 'critical',
  summary: 'Disk almost full',
  service: 'db',
  labels: { alertname: 'DiskFull', instance: 'db-1' },
  annotations: { runbook: 'https://runbooks/disk' },
  links: [{ href: 'http://prometheus:9090/graph' }],
  alertCount: 1,
  flapping: false,
  openedAt: '2026-01-01T11:00:00.000Z',
  lastAlertAt: '2026-01-01T11:30:00.000Z',
  ...overrides,
});

const silence = (overrides: Partial<HeraldSilence> = {}): HeraldSilence => ({
  id: 's1',
  matchers: ['alertname="DiskFull"'],
  startsAt: '2026-01-01T11:00:00.000Z',
  endsAt: '2026-01-01T13:00:00.000Z',
  author: 'ana',
  comment: 'disk swap',
  updatedAt: '2026-01-01T11:00:00.000Z',
  ...overrides,
});

describe('toAmAlert', () => {
  it('shows the labels silences match, the summary as an annotation, and a 16-digit fingerprint', () => {
    const alert = toAmAlert(incident(), [], NOW, []);
    assert.deepEqual(alert.labels, { alertname: 'DiskFull', instance: 'db-1', severity: 'critical', source: 'alertmanager', service: 'db' });
    assert.deepEqual(alert.annotations, { summary: 'Disk almost full', runbook: 'https://runbooks/disk' });
    assert.equal(alert.fingerprint, '0f3a9c1b2d4e4f60');
    assert.equal(alert.generatorURL, 'http://prometheus:9090/graph');
    assert.deepEqual(alert.status, { state: 'active', silencedBy: [], inhibitedBy: [] });
  });

  it('is suppressed by an active matching silence, not by a pending, expired or non-matching one', () => {
    const silences = [
      silence({ id: 'active' }),
      silence({ id: 'pending', startsAt: '2026-01-01T12:30:00.000Z' }),
      silence({ id: 'expired', endsAt: '2026-01-01T11:59:00.000Z' }),
      silence({ id: 'other', matchers: ['alertname="CpuHigh"'] }),
      silence({ id: 'by-severity', matchers: ['severity=~"crit.*"'] }),
    ];
    assert.deepEqual(toAmAlert(incident(), silences, NOW, []).status, { state: 'suppressed', silencedBy: ['active', 'by-severity'], inhibitedBy: [] });
  });

  it('lists the receivers the routing tree sends it to, and shows the status routes see', () => {
    assert.deepEqual(toAmAlert(incident(), [], NOW, ['db-pager', 'ops']).receivers, [{ name: 'db-pager' }, { name: 'ops' }]);
    assert.equal(routedLabels(incident({ status: 'acknowledged' })).status, 'acknowledged');
    assert.equal(toAmAlert(incident({ status: 'acknowledged' }), [], NOW, []).labels.status, undefined);
  });

  it('ends when resolved, else a resolve timeout from now', () => {
    assert.equal(toAmAlert(incident({ resolvedAt: '2026-01-01T11:45:00.000Z' }), [], NOW, []).endsAt, '2026-01-01T11:45:00.000Z');
    assert.equal(toAmAlert(incident(), [], NOW, []).endsAt, '2026-01-01T12:05:00.000Z');
  });
});

describe('filterAlerts and groupAlerts', () => {
  const silenced = toAmAlert(incident(), [silence()], NOW, ['db-pager', 'ops']);
  const other = toAmAlert(incident({ id: '1f3a9c1b-2d4e-4f60-8a1b-2c3d4e5f6071', labels: { alertname: 'CpuHigh' } }), [silence()], NOW, []);

  it('applies matchers and the active/silenced switches', () => {
    assert.deepEqual(filterAlerts([silenced, other], { matchers: [], active: true, silenced: true }), [silenced, other]);
    assert.deepEqual(filterAlerts([silenced, other], { matchers: [], active: true, silenced: false }), [other]);
    assert.deepEqual(filterAlerts([silenced, other], { matchers: [], active: false, silenced: true }), [silenced]);
    assert.deepEqual(filterAlerts([silenced, other], { matchers: [{ name: 'alertname', op: '=', value: 'CpuHigh' }], active: true, silenced: true }), [other]);
  });

  it('groups by receiver and alertname, the unrouted under the fallback receiver', () => {
    const groups = groupAlerts([silenced, other, silenced], 'herald');
    assert.deepEqual(
      groups.map((g) => [g.labels, g.alerts.length, g.receiver.name]),
      [
        [{ alertname: 'DiskFull' }, 2, 'db-pager'],
        [{ alertname: 'DiskFull' }, 2, 'ops'],
        [{ alertname: 'CpuHigh' }, 1, 'herald'],
      ],
    );
  });
});

describe('silences', () => {
  it('translates an Alertmanager silence to Herald and back', () => {
    const body = toHeraldSilence({
      matchers: [
        { name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true },
        { name: 'instance', value: 'db-.*', isRegex: true, isEqual: false },
      ],
      startsAt: '2026-01-01T11:00:00.000Z',
      endsAt: '2026-01-01T13:00:00.000Z',
      createdBy: 'ana',
      comment: 'disk swap',
    });
    assert.deepEqual(body.matchers, ['alertname="DiskFull"', 'instance!~"db-.*"']);
    const am = toAmSilence({ ...body, id: 's1', updatedAt: '2026-01-01T11:00:00.000Z' }, NOW);
    assert.deepEqual(am.matchers[1], { name: 'instance', value: 'db-.*', isRegex: true, isEqual: false });
    assert.equal(am.status.state, 'active');
    assert.equal(am.createdBy, 'ana');
  });

  it('expires an active silence now and a pending one without ever activating it', () => {
    assert.deepEqual([expired(silence(), NOW).startsAt, expired(silence(), NOW).endsAt], ['2026-01-01T11:00:00.000Z', '2026-01-01T12:00:00.000Z']);
    const pending = expired(silence({ startsAt: '2026-01-01T12:30:00.000Z' }), NOW);
    assert.ok(Date.parse(pending.startsAt) < Date.parse(pending.endsAt) && Date.parse(pending.endsAt) <= NOW);
  });
});
