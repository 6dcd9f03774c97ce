import { type IncidentEvent } from '@herald/contracts';
import { recordAlert } from './incident.alert-rules.js';
import {
  type AcknowledgeIncident,
  type AddNote,
  type CheckTimers,
  type EscalateIncident,
  type IncidentCommand,
  type ResolveIncident,
  commandTime,
} from './incident.commands.js';
import {
  type DecideContext,
  type Decision,
  type EventDraft,
  type Outcome,
  append,
  ignored,
  rejected,
} from './incident.decision.js';
import { IncidentNotFoundError, TransitionNotAllowedError } from './incident.errors.js';
import { stabilised } from './incident.evolve.js';
import { type IncidentPolicy } from './incident.policy.js';
import { type Incident, type IncidentState, isOpen } from './incident.state.js';
import { isAutoResolveDue, isStabiliseDue } from './incident.timers.js';

const STABILISED: EventDraft = { type: 'IncidentStabilised', data: {} };
const AUTO_RESOLVE = { kind: 'system', reason: 'auto-resolve' } as const;

/**
 * Decides what a command does to the incident in `state`: the latest incident for the
 * alert's dedup key (RecordAlert) or the incident addressed by id (the others), or
 * `initialState` when there is none. Pure: ids come from `ctx`, time from the command.
 */
export function decide(command: IncidentCommand, state: IncidentState, ctx: DecideContext): Decision {
  const at = commandTime(command);
  // A flapping incident that stayed calm long enough is stable before anything else happens
  // to it, so the command is decided on the calmed state (its cycles no longer count).
  const calm = state.status !== 'none' && isStabiliseDue(state, at, ctx.policy);
  const current = calm ? stabilised(state) : state;
  const outcome = rule(command, current, ctx.policy);
  switch (outcome.kind) {
    case 'ignored':
    case 'rejected':
      // Stabilisation does not ride on a command that changes nothing; CheckTimers brings it.
      return outcome;
    case 'open':
      // A new stream: whatever the old incident still owed belongs to the old stream.
      return envelope(ctx.newIncidentId(), 0, true, [outcome.draft], at, ctx);
    case 'append': {
      // Rules append only to an existing incident; the guard keeps the types honest.
      if (current.status === 'none') return { kind: 'ignored', reason: 'NO_INCIDENT' };
      const drafts = calm ? [STABILISED, ...outcome.drafts] : outcome.drafts;
      if (drafts.length === 0) return { kind: 'ignored', reason: 'NOTHING_DUE' };
      return envelope(current.id, current.version, false, drafts, at, ctx);
    }
  }
}

function rule(command: IncidentCommand, state: IncidentState, policy: IncidentPolicy): Outcome {
  switch (command.type) {
    case 'RecordAlert':
      return recordAlert(command.alert, state, policy);
    case 'AcknowledgeIncident':
      return acknowledge(command, state);
    case 'ResolveIncident':
      return resolve(command, state);
    case 'AddNote':
      return addNote(command, state);
    case 'CheckTimers':
      return checkTimers(command, state, policy);
    case 'EscalateIncident':
      return escalate(command, state);
  }
}

const addressed = (state: IncidentState, incidentId: string): state is Incident =>
  state.status !== 'none' && state.id === incidentId;

function acknowledge(command: AcknowledgeIncident, state: IncidentState): Outcome {
  if (!addressed(state, command.incidentId)) return rejected(new IncidentNotFoundError(command.incidentId));
  if (state.status !== 'triggered') {
    return rejected(new TransitionNotAllowedError(state.id, state.status, command.type));
  }
  return append({ type: 'IncidentAcknowledged', data: { by: { kind: 'user', name: command.by } } });
}

function resolve(command: ResolveIncident, state: IncidentState): Outcome {
  if (!addressed(state, command.incidentId)) return rejected(new IncidentNotFoundError(command.incidentId));
  if (!isOpen(state)) return rejected(new TransitionNotAllowedError(state.id, state.status, command.type));
  return append({ type: 'IncidentResolved', data: { by: { kind: 'user', name: command.by } } });
}

function addNote(command: AddNote, state: IncidentState): Outcome {
  if (!addressed(state, command.incidentId)) return rejected(new IncidentNotFoundError(command.incidentId));
  return append({ type: 'IncidentNoteAdded', data: { author: command.author, text: command.text } });
}

/**
 * An escalation step fires only while the incident is still triggered in the episode the step
 * belongs to: this decision and an acknowledgement are appended to the same stream with the
 * expected version, so a step decided after an acknowledgement committed sees it and does
 * nothing, however late dispatch heard of the acknowledgement. A step at or before the last one
 * recorded is a retry: done already, nothing to append.
 */
function escalate(command: EscalateIncident, state: IncidentState): Outcome {
  if (!addressed(state, command.incidentId)) return ignored('NO_INCIDENT');
  const mark = state.escalation;
  if (mark && command.episode !== mark.episode) return ignored('ESCALATION_OUTDATED');
  if (mark && (command.round < mark.round || (command.round === mark.round && command.step <= mark.step))) return ignored('ESCALATION_DONE');
  if (state.status === 'acknowledged') return ignored('ALREADY_ACKNOWLEDGED');
  if (state.status === 'resolved') return ignored('ALREADY_RESOLVED');
  const { policyId, episode, round, step, receivers } = command;
  return append({ type: 'IncidentEscalated', data: { policyId, episode, round, step, receivers: [...receivers] } });
}

/** Only auto-resolve is decided here; stabilisation is added by `decide` for every command. */
function checkTimers(command: CheckTimers, state: IncidentState, policy: IncidentPolicy): Outcome {
  // A timer can outlive its incident (a newer one took the dedup key): nothing to do, not an error.
  if (!addressed(state, command.incidentId)) return ignored('NO_INCIDENT');
  return isAutoResolveDue(state, command.at, policy)
    ? append({ type: 'IncidentResolved', data: { by: AUTO_RESOLVE } })
    : append();
}

function envelope(
  incidentId: string,
  fromVersion: number,
  isNew: boolean,
  drafts: readonly EventDraft[],
  occurredAt: string,
  ctx: DecideContext,
): Decision {
  const events = drafts.map(
    (draft, i): IncidentEvent => ({
      ...draft,
      id: ctx.newEventId(),
      incidentId,
      version: fromVersion + i + 1,
      occurredAt,
    }),
  );
  return { kind: 'events', incidentId, isNew, events };
}
