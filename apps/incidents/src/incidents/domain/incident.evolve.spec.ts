import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IncidentSnapshot } from '@herald/contracts';
import { evolve, fold } from './incident.evolve.js';
import { toSnapshot } from './incident.snapshot.js';
import { initialState } from './incident.state.js';
import { INCIDENT_ID, at, history, past } from './incident.test-kit.js';

const LIFECYCLE = history([
  past.triggered(0),
  past.deduplicated(10, { endsAt: 900 }),
  past.severityChanged(10, 'warning', 'critical'),
  past.acknowledged(20),
  past.resolved(30),
  past.reopened(40, 'error'),
]);

describe('incident evolve, fold and snapshot', () => {
  it('has no snapshot before the incident exists', () => {
    assert.equal(toSnapshot(initialState), undefined);
  });

  it('follows an incident through its life', () => {
    const snapshots = LIFECYCLE.map((_, i) => toSnapshot(fold(LIFECYCLE.slice(0, i + 1))));
    for (const snapshot of snapshots) IncidentSnapshot.parse(snapshot);
    const pick = snapshots.map((s) => [s?.status, s?.severity, s?.alertCount, s?.lastAlertAt, s?.acknowledgedAt, s?.resolvedAt]);
    assert.deepEqual(pick, [
      ['triggered', 'warning', 1, at(0), undefined, undefined],
      ['triggered', 'warning', 2, at(10), undefined, undefined],
      ['triggered', 'critical', 2, at(10), undefined, undefined],
      ['acknowledged', 'critical', 2, at(10), at(20), undefined],
      ['resolved', 'critical', 2, at(10), at(20), at(30)],
      ['triggered', 'error', 3, at(40), undefined, undefined],
    ]);
  });

  it('keeps the full state a read model and the rules need', () => {
    const state = fold(LIFECYCLE);
    assert.deepEqual(state, {
      status: 'triggered',
      id: INCIDENT_ID,
      dedupKey: 'HighLatency/checkout',
      integrationId: 'int-prometheus',
      source: 'alertmanager',
      severity: 'error',
      summary: 'latency high (40)',
      details: { seconds: 40 },
      service: 'checkout',
      labels: { alertname: 'HighLatency', service: 'checkout' },
      annotations: { runbook: 'https://runbooks.example/latency' },
      links: [{ href: 'https://grafana.example/d/latency', text: 'dashboard' }],
      alertCount: 3,
      flapping: false,
      openedAt: at(0),
      lastAlertAt: at(40),
      acknowledgedAt: null,
      resolvedAt: null,
      endsAt: null,
      cycles: [at(40)],
      version: 6,
      // The reopen (version 6) started a new escalation episode.
      escalation: { episode: 6, round: 0, step: 0 },
    });
  });

  it('tracks the version of the last event, notes included', () => {
    const [note] = history([{ at: 50, type: 'IncidentNoteAdded', data: { author: 'ada', text: 'x' } }]);
    const state = evolve(fold(LIFECYCLE), { ...note!, version: 7 });
    assert.equal(state.version, 7);
    assert.deepEqual({ ...state, version: 6 }, fold(LIFECYCLE));
  });

  it('continues from a loaded state', () => {
    assert.deepEqual(fold(LIFECYCLE.slice(3), fold(LIFECYCLE.slice(0, 3))), fold(LIFECYCLE));
  });

  it('ignores events for an incident that does not exist yet, so it is total', () => {
    for (const event of LIFECYCLE.slice(1)) assert.equal(evolve(initialState, event), initialState);
  });

  it('sets and clears flapping, forgetting cycles on stabilisation', () => {
    const flapping = fold(history([past.triggered(0), ...past.cycles(2, 100), past.flapping(170, 2)]));
    assert.ok(flapping.status !== 'none' && flapping.flapping && flapping.cycles.length === 2);
    const calm = evolve(flapping, history([past.stabilised(2000)])[0]!);
    assert.ok(calm.status !== 'none' && !calm.flapping && calm.cycles.length === 0);
  });
});
