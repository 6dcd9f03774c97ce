import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type IncidentEventMessage } from '@herald/contracts';
import { message, snapshot } from './incident-message.fixture.js';
import { InhibitRuleConfig } from './inhibition.js';
import { MaintenanceWindowConfig } from './maintenance.js';
import { type MuteContext, type MuteDecision, muteDecision } from './mute.js';
import { SilenceConfig } from './silences.js';

const now = Date.parse('2026-03-02T11:00:00Z');
const span = { startsAt: '2026-03-02T10:00:00Z', endsAt: '2026-03-02T12:00:00Z' };

const silence = SilenceConfig.parse({ id: 'sil-db', matchers: ['service="db"', 'severity="warning"'], ...span, author: 'ana', comment: 'known' });
const window = MaintenanceWindowConfig.parse({ id: 'mw-eu', matchers: ['region="eu"'], ...span });
const rule = InhibitRuleConfig.parse({ id: 'inh-cluster', sourceMatchers: ['alertname="ClusterDown"'], targetMatchers: ['alertname!="ClusterDown"'], equal: ['cluster'] });
const clusterDown = snapshot({ id: '11111111-1111-4111-8111-111111111111', labels: { alertname: 'ClusterDown', cluster: 'c1' } });

const context: MuteContext = { silences: [silence], inhibitions: [rule], openIncidents: [clusterDown], maintenance: [window], now };

describe('muteDecision', () => {
  const cases: Array<[string, IncidentEventMessage, MuteContext, MuteDecision]> = [
    ['nothing applies', message('IncidentTriggered', { labels: { cluster: 'c2' } }), context, { muted: false }],
    ['silenced', message('IncidentTriggered', { severity: 'warning', service: 'db' }), context, { muted: true, by: 'silence', id: 'sil-db' }],
    ['in maintenance', message('IncidentTriggered', { labels: { region: 'eu' } }), context, { muted: true, by: 'maintenance', id: 'mw-eu' }],
    ['inhibited', message('IncidentTriggered', { labels: { cluster: 'c1' } }), context, { muted: true, by: 'inhibition', id: 'inh-cluster' }],
    [
      'silence is reported before maintenance and inhibition',
      message('IncidentTriggered', { severity: 'warning', service: 'db', labels: { region: 'eu', cluster: 'c1' } }),
      context,
      { muted: true, by: 'silence', id: 'sil-db' },
    ],
    [
      'maintenance is reported before inhibition',
      message('IncidentTriggered', { labels: { region: 'eu', cluster: 'c1' } }),
      context,
      { muted: true, by: 'maintenance', id: 'mw-eu' },
    ],
    [
      'outside their time, silences and windows do not mute',
      message('IncidentTriggered', { severity: 'warning', service: 'db', labels: { region: 'eu' } }),
      { ...context, now: Date.parse('2026-03-02T12:00:00Z') },
      { muted: false },
    ],
    [
      'inhibition needs the source to be in the open list',
      message('IncidentTriggered', { labels: { cluster: 'c1' } }),
      { ...context, openIncidents: [] },
      { muted: false },
    ],
  ];
  for (const [name, msg, ctx, expected] of cases) {
    it(name, () => assert.deepEqual(muteDecision(msg, ctx), expected));
  }

  it('matchers can use event_type', () => {
    const noteSilence = SilenceConfig.parse({ id: 'quiet-notes', matchers: ['event_type="IncidentNoteAdded"'], ...span, author: 'ana', comment: 'x' });
    const ctx = { ...context, silences: [noteSilence] };
    assert.deepEqual(muteDecision(message('IncidentNoteAdded'), ctx), { muted: true, by: 'silence', id: 'quiet-notes' });
    assert.deepEqual(muteDecision(message('IncidentTriggered'), ctx), { muted: false });
  });
});
