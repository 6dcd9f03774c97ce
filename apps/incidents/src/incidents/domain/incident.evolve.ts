import { type IncidentEvent } from '@herald/contracts';
import { type Incident, type IncidentState, initialState } from './incident.state.js';

/**
 * Applies one event. Total and deterministic: events are facts, so each is applied whatever
 * the status; only an event before `IncidentTriggered` (no incident yet) changes nothing.
 */
export function evolve(state: IncidentState, event: IncidentEvent): IncidentState {
  if (event.type === 'IncidentTriggered') return opened(event);
  if (state.status === 'none') return state;
  const current: Incident = { ...state, version: event.version };
  const at = event.occurredAt;
  switch (event.type) {
    case 'AlertDeduplicated':
      return {
        ...current,
        alertCount: current.alertCount + 1,
        lastAlertAt: at,
        summary: event.data.summary,
        details: event.data.details,
        endsAt: event.data.endsAt ?? null,
      };
    case 'IncidentSeverityChanged':
      return { ...current, severity: event.data.to };
    case 'IncidentAcknowledged':
      return { ...current, status: 'acknowledged', acknowledgedAt: at, resolvedAt: null };
    case 'IncidentResolved':
      return { ...current, status: 'resolved', resolvedAt: at };
    case 'IncidentReopened':
      return {
        ...current,
        status: 'triggered',
        acknowledgedAt: null,
        resolvedAt: null,
        severity: event.data.severity,
        summary: event.data.summary,
        alertCount: current.alertCount + 1,
        lastAlertAt: at,
        details: event.data.details ?? current.details,
        endsAt: event.data.endsAt ?? null,
        cycles: [...current.cycles, at],
        escalation: { episode: event.version, round: 0, step: 0 },
      };
    case 'IncidentFlapping':
      return { ...current, flapping: true };
    case 'IncidentStabilised':
      return stabilised(current);
    case 'IncidentNoteAdded':
      return current;
    case 'IncidentEscalated':
      return { ...current, escalation: { episode: event.data.episode, round: event.data.round, step: event.data.step } };
  }
}

/** Rebuilds an incident from its stream; `from` lets the shell apply new events to a loaded state. */
export const fold = (events: readonly IncidentEvent[], from: IncidentState = initialState): IncidentState =>
  events.reduce(evolve, from);

/** Cycles before a calm spell no longer count, or one more cycle would flag it again at once. */
export const stabilised = (state: Incident): Incident => ({ ...state, flapping: false, cycles: [] });

function opened(event: Extract<IncidentEvent, { type: 'IncidentTriggered' }>): Incident {
  const { data } = event;
  return {
    status: 'triggered',
    id: event.incidentId,
    dedupKey: data.dedupKey,
    integrationId: data.integrationId,
    source: data.source,
    severity: data.severity,
    summary: data.summary,
    details: data.details,
    service: data.service ?? null,
    labels: data.labels,
    annotations: data.annotations,
    links: data.links,
    alertCount: 1,
    flapping: false,
    openedAt: event.occurredAt,
    lastAlertAt: event.occurredAt,
    acknowledgedAt: null,
    resolvedAt: null,
    endsAt: data.endsAt ?? null,
    cycles: [],
    version: event.version,
    escalation: { episode: event.version, round: 0, step: 0 },
  };
}
