import { type IncidentEvent } from '@herald/contracts';
import { type IncidentDomainError } from './incident.errors.js';
import { type IncidentPolicy } from './incident.policy.js';

/** Everything impure the decider needs, passed in: ids and the policy. Time comes with the command. */
export interface DecideContext {
  newIncidentId(): string;
  newEventId(): string;
  readonly policy: IncidentPolicy;
}

/**
 * Why a command changed nothing although nothing was wrong with it. A closed set, so the
 * shell can count by it on a metric label.
 */
export type IgnoredReason =
  | 'NO_INCIDENT'
  | 'ALREADY_ACKNOWLEDGED'
  | 'ALREADY_RESOLVED'
  | 'NOTHING_DUE'
  /** An escalation step already recorded (a retry), or one of an episode the incident has left. */
  | 'ESCALATION_DONE'
  | 'ESCALATION_OUTDATED';

export type Decision =
  /** Append `events` to incident `incidentId` (a new stream when `isNew`, versions from 1). */
  | { readonly kind: 'events'; readonly incidentId: string; readonly isNew: boolean; readonly events: IncidentEvent[] }
  | { readonly kind: 'ignored'; readonly reason: IgnoredReason }
  | { readonly kind: 'rejected'; readonly error: IncidentDomainError };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event before it has its envelope (id, incident, version, time), which `decide` adds. */
export type EventDraft = DistributiveOmit<IncidentEvent, 'id' | 'incidentId' | 'version' | 'occurredAt'>;
export type TriggeredDraft = Extract<EventDraft, { type: 'IncidentTriggered' }>;

/** What a rule concludes, before ids and versions are assigned. */
export type Outcome =
  | { readonly kind: 'append'; readonly drafts: readonly EventDraft[] }
  | { readonly kind: 'open'; readonly draft: TriggeredDraft }
  | { readonly kind: 'ignored'; readonly reason: IgnoredReason }
  | { readonly kind: 'rejected'; readonly error: IncidentDomainError };

export const append = (...drafts: EventDraft[]): Outcome => ({ kind: 'append', drafts });
export const ignored = (reason: IgnoredReason): Outcome => ({ kind: 'ignored', reason });
export const rejected = (error: IncidentDomainError): Outcome => ({ kind: 'rejected', error });
