import { type Link, type Severity, type SourceType, type StringMap } from '@herald/contracts';

/**
 * What every existing incident knows, whatever its status. Absent values are `null`, never
 * `undefined`, so a state rebuilt from JSON-stored events deep-equals the one built in memory.
 */
export interface IncidentFacts {
  readonly id: string;
  readonly dedupKey: string;
  readonly integrationId: string;
  readonly source: SourceType;
  readonly severity: Severity;
  /** Summary and details of the latest alert that triggered or repeated the incident. */
  readonly summary: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly service: string | null;
  readonly labels: StringMap;
  readonly annotations: StringMap;
  readonly links: readonly Link[];
  /** Trigger alerts folded into this incident (first, duplicates and reopenings). */
  readonly alertCount: number;
  readonly flapping: boolean;
  readonly openedAt: string;
  readonly lastAlertAt: string;
  /** `endsAt` of the latest trigger alert; null when that alert gave none. */
  readonly endsAt: string | null;
  /** When each resolve/reopen cycle closed (the reopen), since the last stabilisation. */
  readonly cycles: readonly string[];
  /** Version of the last event applied: the expected version for the next append. */
  readonly version: number;
  /**
   * The escalation step last recorded in this episode (round and step 0 before the first).
   * Absent only in incidents stored before escalation existed.
   */
  readonly escalation?: EscalationMark;
}

/** Where an incident's escalation stands: `episode` is the version of the event that (re)opened it. */
export interface EscalationMark {
  readonly episode: number;
  readonly round: number;
  readonly step: number;
}

export interface TriggeredIncident extends IncidentFacts {
  readonly status: 'triggered';
  readonly acknowledgedAt: null;
  readonly resolvedAt: null;
}

export interface AcknowledgedIncident extends IncidentFacts {
  readonly status: 'acknowledged';
  readonly acknowledgedAt: string;
  readonly resolvedAt: null;
}

export interface ResolvedIncident extends IncidentFacts {
  readonly status: 'resolved';
  /** Kept when the incident was acknowledged before it was resolved. */
  readonly acknowledgedAt: string | null;
  readonly resolvedAt: string;
}

export interface NoIncident {
  readonly status: 'none';
  readonly version: 0;
}

export type Incident = TriggeredIncident | AcknowledgedIncident | ResolvedIncident;
export type OpenIncident = TriggeredIncident | AcknowledgedIncident;
export type IncidentState = NoIncident | Incident;

export const initialState: IncidentState = { status: 'none', version: 0 };

export const isOpen = (state: IncidentState): state is OpenIncident =>
  state.status === 'triggered' || state.status === 'acknowledged';
