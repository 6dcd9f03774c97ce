import { type IncidentSnapshot } from '@herald/contracts';
import { type IncidentState } from './incident.state.js';

/** The contract's view of the incident, published with every event; undefined before it exists. */
export function toSnapshot(state: IncidentState): IncidentSnapshot | undefined {
  if (state.status === 'none') return undefined;
  return {
    id: state.id,
    dedupKey: state.dedupKey,
    integrationId: state.integrationId,
    source: state.source,
    status: state.status,
    severity: state.severity,
    summary: state.summary,
    ...(state.service === null ? {} : { service: state.service }),
    labels: { ...state.labels },
    annotations: { ...state.annotations },
    links: state.links.map((link) => ({ ...link })),
    alertCount: state.alertCount,
    flapping: state.flapping,
    openedAt: state.openedAt,
    lastAlertAt: state.lastAlertAt,
    ...(state.acknowledgedAt === null ? {} : { acknowledgedAt: state.acknowledgedAt }),
    ...(state.resolvedAt === null ? {} : { resolvedAt: state.resolvedAt }),
  };
}
