import { type CanonicalAlert, SEVERITY_RANK } from '@herald/contracts';
import { type EventDraft, type IgnoredReason, type Outcome, append, ignored } from './incident.decision.js';
import { type IncidentPolicy } from './incident.policy.js';
import { type IncidentState, type OpenIncident, type ResolvedIncident, isOpen } from './incident.state.js';
import { secondsBetween } from './incident.time.js';
import { cyclesWithReopenAt } from './incident.timers.js';

/** RecordAlert: the state is the latest incident with the alert's dedup key, or none. */
export function recordAlert(alert: CanonicalAlert, state: IncidentState, policy: IncidentPolicy): Outcome {
  switch (alert.action) {
    case 'trigger':
      return trigger(alert, state, policy);
    case 'acknowledge':
      if (state.status !== 'triggered') return ignored(NOT_ACKNOWLEDGEABLE[state.status]);
      return append({ type: 'IncidentAcknowledged', data: { by: byAlert(alert) } });
    case 'resolve':
      if (!isOpen(state)) return ignored(state.status === 'none' ? 'NO_INCIDENT' : 'ALREADY_RESOLVED');
      return append({ type: 'IncidentResolved', data: { by: byAlert(alert) } });
  }
}

/** A tool repeating an acknowledgement is routine, not a conflict: it is counted, not refused. */
const NOT_ACKNOWLEDGEABLE = {
  none: 'NO_INCIDENT',
  acknowledged: 'ALREADY_ACKNOWLEDGED',
  resolved: 'ALREADY_RESOLVED',
} as const satisfies Record<Exclude<IncidentState['status'], 'triggered'>, IgnoredReason>;

function trigger(alert: CanonicalAlert, state: IncidentState, policy: IncidentPolicy): Outcome {
  switch (state.status) {
    case 'none':
      return open(alert);
    case 'triggered':
    case 'acknowledged':
      return repeat(alert, state);
    case 'resolved':
      // Out-of-order delivery (alert received before resolvedAt) gives a negative gap: reopen.
      return secondsBetween(state.resolvedAt, alert.receivedAt) < policy.reopenWindowSeconds
        ? reopen(alert, state, policy)
        : open(alert);
  }
}

const open = (alert: CanonicalAlert): Outcome => ({
  kind: 'open',
  draft: {
    type: 'IncidentTriggered',
    data: {
      dedupKey: alert.dedupKey,
      integrationId: alert.integrationId,
      source: alert.source,
      severity: alert.severity,
      summary: alert.summary,
      ...(alert.service === undefined ? {} : { service: alert.service }),
      labels: alert.labels,
      annotations: alert.annotations,
      details: alert.details,
      links: alert.links,
      alertId: alert.id,
      ...(alert.endsAt === undefined ? {} : { endsAt: alert.endsAt }),
    },
  },
});

/** Severity only ever escalates while open: a quieter repeat must not page less loudly. */
function repeat(alert: CanonicalAlert, state: OpenIncident): Outcome {
  const drafts: EventDraft[] = [
    {
      type: 'AlertDeduplicated',
      data: {
        alertId: alert.id,
        summary: alert.summary,
        details: alert.details,
        ...(alert.endsAt === undefined ? {} : { endsAt: alert.endsAt }),
      },
    },
  ];
  if (SEVERITY_RANK[alert.severity] > SEVERITY_RANK[state.severity]) {
    drafts.push({ type: 'IncidentSeverityChanged', data: { from: state.severity, to: alert.severity } });
  }
  return append(...drafts);
}

/** A reopening starts a new episode, so it takes the alert's severity, lower or higher. */
function reopen(alert: CanonicalAlert, state: ResolvedIncident, policy: IncidentPolicy): Outcome {
  const drafts: EventDraft[] = [
    {
      type: 'IncidentReopened',
      data: {
        alertId: alert.id,
        severity: alert.severity,
        summary: alert.summary,
        details: alert.details,
        ...(alert.endsAt === undefined ? {} : { endsAt: alert.endsAt }),
      },
    },
  ];
  const cycles = cyclesWithReopenAt(state, alert.receivedAt, policy);
  if (!state.flapping && cycles > policy.flapping.maxCycles) {
    drafts.push({ type: 'IncidentFlapping', data: { cycles, windowSeconds: policy.flapping.windowSeconds } });
  }
  return append(...drafts);
}

const byAlert = (alert: CanonicalAlert) => ({ kind: 'alert' as const, alertId: alert.id });
