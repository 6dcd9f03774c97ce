import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TransitionNotAllowedError } from './incident.errors.js';
import { toSnapshot } from './incident.snapshot.js';
import { INCIDENT_ID, NEW_INCIDENT_ID, alertId, at, cmd, given, past } from './incident.test-kit.js';

const OPEN = [past.triggered(0)];
const ACKNOWLEDGED = [past.triggered(0), past.acknowledged(30)];
const RESOLVED = [past.triggered(0), past.resolved(100)];

describe('incident decider: no incident', () => {
  it('opens a new incident from a trigger, with the alert copied and the envelope from the context', () => {
    const state = given([])
      .when(cmd.trigger(5, { severity: 'error', endsAt: at(600) }))
      .then(
        [
          {
            type: 'IncidentTriggered',
            data: {
              dedupKey: 'HighLatency/checkout',
              integrationId: 'int-prometheus',
              source: 'alertmanager',
              severity: 'error',
              summary: 'latency high (5)',
              service: 'checkout',
              labels: { alertname: 'HighLatency', service: 'checkout' },
              annotations: { runbook: 'https://runbooks.example/latency' },
              details: { seconds: 5 },
              links: [{ href: 'https://grafana.example/d/latency', text: 'dashboard' }],
              alertId: alertId(5),
              endsAt: at(600),
            },
          },
        ],
        { isNew: true },
      );
    assert.deepEqual(toSnapshot(state), {
      id: NEW_INCIDENT_ID,
      dedupKey: 'HighLatency/checkout',
      integrationId: 'int-prometheus',
      source: 'alertmanager',
      status: 'triggered',
      severity: 'error',
      summary: 'latency high (5)',
      service: 'checkout',
      labels: { alertname: 'HighLatency', service: 'checkout' },
      annotations: { runbook: 'https://runbooks.example/latency' },
      links: [{ href: 'https://grafana.example/d/latency', text: 'dashboard' }],
      alertCount: 1,
      flapping: false,
      openedAt: at(5),
      lastAlertAt: at(5),
    });
  });

  it('leaves optional fields out of the event when the alert has none', () => {
    const { decision } = given([]).when(cmd.trigger(5, { service: undefined, endsAt: undefined }));
    assert.equal(decision.kind, 'events');
    const data = decision.kind === 'events' ? decision.events[0]?.data : undefined;
    assert.ok(data && !('service' in data) && !('endsAt' in data));
  });

  it('ignores an acknowledging alert', () => {
    given([]).when(cmd.alertAck(5)).thenIgnored('NO_INCIDENT');
  });
  it('ignores a resolving alert', () => {
    given([]).when(cmd.alertResolve(5)).thenIgnored('NO_INCIDENT');
  });
  it('rejects acknowledgement by a person as not found', () => {
    given([]).when(cmd.ack(5)).thenRejected('INCIDENT_NOT_FOUND');
  });
  it('rejects resolution by a person as not found', () => {
    given([]).when(cmd.resolve(5)).thenRejected('INCIDENT_NOT_FOUND');
  });
  it('rejects a note as not found', () => {
    given([]).when(cmd.note(5)).thenRejected('INCIDENT_NOT_FOUND');
  });
  it('ignores timers', () => {
    given([]).when(cmd.checkTimers(5)).thenIgnored('NO_INCIDENT');
  });
});

describe('incident decider: triggered', () => {
  it('deduplicates a repeated trigger and tracks count, time, summary and details', () => {
    const state = given(OPEN)
      .when(cmd.trigger(60, { summary: 'latency very high', details: { p99: 2.5 } }))
      .then([{ type: 'AlertDeduplicated', data: { alertId: alertId(60), summary: 'latency very high', details: { p99: 2.5 } } }]);
    assert.equal(state.status, 'triggered');
    assert.ok(state.status === 'triggered');
    assert.equal(state.alertCount, 2);
    assert.equal(state.lastAlertAt, at(60));
    assert.equal(state.summary, 'latency very high');
    assert.deepEqual(state.details, { p99: 2.5 });
    assert.equal(state.openedAt, at(0));
  });

  it('escalates severity when a repeat is more severe', () => {
    const state = given(OPEN)
      .when(cmd.trigger(60, { severity: 'critical' }))
      .then([
        { type: 'AlertDeduplicated', data: { alertId: alertId(60), summary: 'latency high (60)', details: { seconds: 60 } } },
        { type: 'IncidentSeverityChanged', data: { from: 'warning', to: 'critical' } },
      ]);
    assert.equal(toSnapshot(state)?.severity, 'critical');
  });

  it('keeps severity when a repeat is less severe', () => {
    const state = given([past.triggered(0, { severity: 'error' })])
      .when(cmd.trigger(60, { severity: 'info' }))
      .then([{ type: 'AlertDeduplicated', data: { alertId: alertId(60), summary: 'latency high (60)', details: { seconds: 60 } } }]);
    assert.equal(toSnapshot(state)?.severity, 'error');
  });

  it('is acknowledged by an acknowledging alert', () => {
    const state = given(OPEN)
      .when(cmd.alertAck(60))
      .then([{ type: 'IncidentAcknowledged', data: { by: { kind: 'alert', alertId: alertId(60) } } }]);
    assert.equal(toSnapshot(state)?.acknowledgedAt, at(60));
  });

  it('is resolved by a resolving alert', () => {
    const state = given(OPEN)
      .when(cmd.alertResolve(60))
      .then([{ type: 'IncidentResolved', data: { by: { kind: 'alert', alertId: alertId(60) } } }]);
    assert.equal(toSnapshot(state)?.resolvedAt, at(60));
  });

  it('is acknowledged by a person', () => {
    const state = given(OPEN).when(cmd.ack(60)).then([{ type: 'IncidentAcknowledged', data: { by: { kind: 'user', name: 'ada' } } }]);
    assert.equal(toSnapshot(state)?.status, 'acknowledged');
  });

  it('is resolved by a person', () => {
    const state = given(OPEN).when(cmd.resolve(60)).then([{ type: 'IncidentResolved', data: { by: { kind: 'user', name: 'ada' } } }]);
    assert.equal(toSnapshot(state)?.status, 'resolved');
  });

  it('takes a note', () => {
    given(OPEN).when(cmd.note(60)).then([{ type: 'IncidentNoteAdded', data: { author: 'ada', text: 'rolled back' } }]);
  });

  it('rejects commands addressed to another incident as not found', () => {
    const other = NEW_INCIDENT_ID;
    given(OPEN).when(cmd.ack(60, other)).thenRejected('INCIDENT_NOT_FOUND');
    given(OPEN).when(cmd.resolve(60, other)).thenRejected('INCIDENT_NOT_FOUND');
    given(OPEN).when(cmd.note(60, other)).thenRejected('INCIDENT_NOT_FOUND');
    given(OPEN).when(cmd.checkTimers(60, other)).thenIgnored('NO_INCIDENT');
  });

  it('numbers new events after the history', () => {
    const { decision } = given([...OPEN, past.deduplicated(10), past.deduplicated(20)]).when(cmd.trigger(30, { severity: 'critical' }));
    assert.deepEqual(decision.kind === 'events' && decision.events.map((e) => e.version), [4, 5]);
  });

  it('has nothing to do on timers without a deadline', () => {
    given(OPEN).when(cmd.checkTimers(86_400)).thenIgnored('NOTHING_DUE');
  });
});

describe('incident decider: acknowledged', () => {
  it('deduplicates a repeated trigger and stays acknowledged', () => {
    const state = given(ACKNOWLEDGED)
      .when(cmd.trigger(60, { severity: 'error' }))
      .then([
        { type: 'AlertDeduplicated', data: { alertId: alertId(60), summary: 'latency high (60)', details: { seconds: 60 } } },
        { type: 'IncidentSeverityChanged', data: { from: 'warning', to: 'error' } },
      ]);
    assert.equal(state.status, 'acknowledged');
    assert.equal(toSnapshot(state)?.alertCount, 2);
  });

  it('ignores another acknowledging alert', () => {
    given(ACKNOWLEDGED).when(cmd.alertAck(60)).thenIgnored('ALREADY_ACKNOWLEDGED');
  });

  it('is resolved by a resolving alert', () => {
    given(ACKNOWLEDGED).when(cmd.alertResolve(60)).then([{ type: 'IncidentResolved', data: { by: { kind: 'alert', alertId: alertId(60) } } }]);
  });

  it('refuses a second acknowledgement by a person', () => {
    const error = given(ACKNOWLEDGED).when(cmd.ack(60)).thenRejected('TRANSITION_NOT_ALLOWED');
    assert.ok(error instanceof TransitionNotAllowedError);
    assert.equal(error.from, 'acknowledged');
    assert.equal(error.command, 'AcknowledgeIncident');
    assert.equal(error.incidentId, INCIDENT_ID);
  });

  it('is resolved by a person and keeps when it was acknowledged', () => {
    const state = given(ACKNOWLEDGED)
      .when(cmd.resolve(60))
      .then([{ type: 'IncidentResolved', data: { by: { kind: 'user', name: 'ada' } } }]);
    assert.equal(toSnapshot(state)?.acknowledgedAt, at(30));
    assert.equal(toSnapshot(state)?.resolvedAt, at(60));
  });

  it('takes a note', () => {
    given(ACKNOWLEDGED).when(cmd.note(60)).then([{ type: 'IncidentNoteAdded', data: { author: 'ada', text: 'rolled back' } }]);
  });
});

describe('incident decider: resolved, within the reopen window', () => {
  it('reopens the same incident with the alert severity, counting the alert and clearing ack/resolve times', () => {
    const state = given([past.triggered(0, { severity: 'critical' }), past.acknowledged(30), past.resolved(100)])
      .when(cmd.trigger(399, { severity: 'info' }))
      .then([{ type: 'IncidentReopened', data: { alertId: alertId(399), severity: 'info', summary: 'latency high (399)', details: { seconds: 399 } } }]);
    const snapshot = toSnapshot(state);
    assert.equal(snapshot?.status, 'triggered');
    assert.equal(snapshot.severity, 'info');
    assert.equal(snapshot.alertCount, 2);
    assert.equal(snapshot.lastAlertAt, at(399));
    assert.equal(snapshot.openedAt, at(0));
    assert.ok(!('acknowledgedAt' in snapshot) && !('resolvedAt' in snapshot));
  });

  it('ignores an acknowledging alert', () => {
    given(RESOLVED).when(cmd.alertAck(150)).thenIgnored('ALREADY_RESOLVED');
  });
  it('ignores a resolving alert', () => {
    given(RESOLVED).when(cmd.alertResolve(150)).thenIgnored('ALREADY_RESOLVED');
  });
  it('refuses acknowledgement by a person', () => {
    given(RESOLVED).when(cmd.ack(150)).thenRejected('TRANSITION_NOT_ALLOWED');
  });
  it('refuses resolution by a person', () => {
    given(RESOLVED).when(cmd.resolve(150)).thenRejected('TRANSITION_NOT_ALLOWED');
  });

  it('takes a note', () => {
    given(RESOLVED).when(cmd.note(150)).then([{ type: 'IncidentNoteAdded', data: { author: 'ada', text: 'rolled back' } }]);
  });

  it('does not auto-resolve again, even past an old endsAt', () => {
    given([past.triggered(0, { endsAt: 200 }), past.resolved(100)]).when(cmd.checkTimers(250)).thenIgnored('NOTHING_DUE');
  });
});

describe('incident decider: resolved, outside the reopen window', () => {
  it('opens a new incident when the window has just closed', () => {
    given(RESOLVED)
      .when(cmd.trigger(400))
      .then([{ type: 'IncidentTriggered', data: past.triggered(400).data }], { isNew: true });
  });

  it('follows the configured window', () => {
    const policy = { reopenWindowSeconds: 30, flapping: { maxCycles: 3, windowSeconds: 3600, calmSeconds: 1800 }, autoResolveAfterSeconds: null };
    given(RESOLVED, policy).when(cmd.trigger(129)).then([{ type: 'IncidentReopened', data: past.reopened(129).data }]);
    given(RESOLVED, policy).when(cmd.trigger(130)).then([{ type: 'IncidentTriggered', data: past.triggered(130).data }], { isNew: true });
  });

  it('still refuses people on the old incident', () => {
    given(RESOLVED).when(cmd.ack(4000)).thenRejected('TRANSITION_NOT_ALLOWED');
    given(RESOLVED).when(cmd.resolve(4000)).thenRejected('TRANSITION_NOT_ALLOWED');
  });

  it('ignores acknowledging and resolving alerts', () => {
    given(RESOLVED).when(cmd.alertAck(4000)).thenIgnored('ALREADY_RESOLVED');
    given(RESOLVED).when(cmd.alertResolve(4000)).thenIgnored('ALREADY_RESOLVED');
  });
});
