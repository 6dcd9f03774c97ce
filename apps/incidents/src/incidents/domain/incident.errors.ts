import { type IncidentCommandType } from './incident.commands.js';
import { type IncidentState } from './incident.state.js';

/** Stable codes the API maps to HTTP: INCIDENT_NOT_FOUND → 404, TRANSITION_NOT_ALLOWED → 409. */
export type IncidentErrorCode = 'INCIDENT_NOT_FOUND' | 'TRANSITION_NOT_ALLOWED';

/** A command a person sent that the incident refuses. Returned in a Decision, never thrown. */
export abstract class IncidentDomainError extends Error {
  abstract readonly code: IncidentErrorCode;
}

export class IncidentNotFoundError extends IncidentDomainError {
  readonly code = 'INCIDENT_NOT_FOUND';
  override readonly name = 'IncidentNotFoundError';

  constructor(readonly incidentId: string) {
    super(`incident ${incidentId} not found`);
  }
}

export class TransitionNotAllowedError extends IncidentDomainError {
  readonly code = 'TRANSITION_NOT_ALLOWED';
  override readonly name = 'TransitionNotAllowedError';

  constructor(
    readonly incidentId: string,
    readonly from: Exclude<IncidentState['status'], 'none'>,
    readonly command: IncidentCommandType,
  ) {
    super(`${command} is not allowed on ${from} incident ${incidentId}`);
  }
}
