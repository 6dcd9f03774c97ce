import { type CanonicalAlert } from '@herald/contracts';

/** An alert from a monitoring tool, already normalised; its `action` says what it asks for. */
export interface RecordAlert {
  readonly type: 'RecordAlert';
  readonly alert: CanonicalAlert;
}

/** A person acknowledges an incident through the API. */
export interface AcknowledgeIncident {
  readonly type: 'AcknowledgeIncident';
  readonly incidentId: string;
  readonly by: string;
  readonly at: string;
}

/** A person resolves an incident through the API. */
export interface ResolveIncident {
  readonly type: 'ResolveIncident';
  readonly incidentId: string;
  readonly by: string;
  readonly at: string;
}

export interface AddNote {
  readonly type: 'AddNote';
  readonly incidentId: string;
  readonly author: string;
  readonly text: string;
  readonly at: string;
}

/** Sent by the scheduler at (or after) `nextTimerAt`: auto-resolve and stabilisation. */
export interface CheckTimers {
  readonly type: 'CheckTimers';
  readonly incidentId: string;
  readonly at: string;
}

/** Dispatch's escalation scheduler: a step of the incident's escalation policy fell due. */
export interface EscalateIncident {
  readonly type: 'EscalateIncident';
  readonly incidentId: string;
  readonly policyId: string;
  readonly episode: number;
  readonly round: number;
  readonly step: number;
  readonly receivers: readonly string[];
  readonly at: string;
}

export type IncidentCommand = RecordAlert | AcknowledgeIncident | ResolveIncident | AddNote | CheckTimers | EscalateIncident;
export type IncidentCommandType = IncidentCommand['type'];

/** The time a command happens at: it becomes the `occurredAt` of the events it causes. */
export const commandTime = (command: IncidentCommand): string =>
  command.type === 'RecordAlert' ? command.alert.receivedAt : command.at;
