// Given/when/then for the incident decider: given the events of one incident, when a command,
// then exactly these events (with their envelopes), or ignored, or rejected. Test support only.
import assert from 'node:assert/strict';
import {
  type CanonicalAlert,
  type IncidentEvent,
  IncidentEvent as IncidentEventSchema,
  IncidentSnapshot,
  type Severity,
} from '@herald/contracts';
import { type IncidentCommand, commandTime } from './incident.commands.js';
import { decide } from './incident.decider.js';
import { type DecideContext, type Decision, type EventDraft, type IgnoredReason } from './incident.decision.js';
import { IncidentDomainError, type IncidentErrorCode } from './incident.errors.js';
import { fold } from './incident.evolve.js';
import { DEFAULT_INCIDENT_POLICY, type IncidentPolicy } from './incident.policy.js';
import { type IncidentState } from './incident.state.js';
import { toSnapshot } from './incident.snapshot.js';
import { addSeconds } from './incident.time.js';

export const T0 = '2026-03-01T12:00:00.000Z';
/** The instant `seconds` after T0; tests speak in seconds. */
export const at = (seconds: number): string => addSeconds(T0, seconds);

export const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
export const INCIDENT_ID = uuid(0x1);
export const NEW_INCIDENT_ID = uuid(0x2);
export const alertId = (seconds: number): string => uuid(0xa0000000 + seconds);
const eventId = (n: number): string => uuid(0xe0000000 + n);

/** The default policy, with auto-resolve on a fixed delay off unless a test turns it on. */
export const POLICY: IncidentPolicy = DEFAULT_INCIDENT_POLICY;

/** A canonical alert received `seconds` after T0; its id derives from the time. */
export function alert(seconds: number, overrides: Partial<CanonicalAlert> = {}): CanonicalAlert {
  return {
    id: alertId(seconds),
    rawId: uuid(0xb0000000 + seconds),
    integrationId: 'int-prometheus',
    source: 'alertmanager',
    action: 'trigger',
    dedupKey: 'HighLatency/checkout',
    severity: 'warning',
    summary: `latency high (${seconds})`,
    service: 'checkout',
    labels: { alertname: 'HighLatency', service: 'checkout' },
    annotations: { runbook: 'https://runbooks.example/latency' },
    details: { seconds },
    links: [{ href: 'https://grafana.example/d/latency', text: 'dashboard' }],
    occurredAt: at(seconds - 1),
    receivedAt: at(seconds),
    ...overrides,
  };
}

export const cmd = {
  trigger: (s: number, o: Partial<CanonicalAlert> = {}): IncidentCommand => ({ type: 'RecordAlert', alert: alert(s, o) }),
  alertAck: (s: number): IncidentCommand => ({ type: 'RecordAlert', alert: alert(s, { action: 'acknowledge' }) }),
  alertResolve: (s: number): IncidentCommand => ({ type: 'RecordAlert', alert: alert(s, { action: 'resolve' }) }),
  ack: (s: number, incidentId = INCIDENT_ID): IncidentCommand => ({ type: 'AcknowledgeIncident', incidentId, by: 'ada', at: at(s) }),
  resolve: (s: number, incidentId = INCIDENT_ID): IncidentCommand => ({ type: 'ResolveIncident', incidentId, by: 'ada', at: at(s) }),
  note: (s: number, incidentId = INCIDENT_ID): IncidentCommand => ({
    type: 'AddNote',
    incidentId,
    author: 'ada',
    text: 'rolled back',
    at: at(s),
  }),
  checkTimers: (s: number, incidentId = INCIDENT_ID): IncidentCommand => ({ type: 'CheckTimers', incidentId, at: at(s) }),
  escalate: (s: number, o: { episode?: number; round?: number; step?: number; incidentId?: string } = {}): IncidentCommand => ({
    type: 'EscalateIncident',
    incidentId: o.incidentId ?? INCIDENT_ID,
    policyId: 'night',
    episode: o.episode ?? 1,
    round: o.round ?? 1,
    step: o.step ?? 1,
    receivers: ['oncall'],
    at: at(s),
  }),
};

/** An event of the given history, `at` seconds after T0; `given` adds ids and versions. */
export type Past<T extends EventDraft['type'] = EventDraft['type']> = Extract<EventDraft, { type: T }> & { readonly at: number };

export const past = {
  triggered: (s: number, o: { severity?: Severity; endsAt?: number } = {}): Past<'IncidentTriggered'> => ({
    at: s,
    type: 'IncidentTriggered',
    data: {
      dedupKey: 'HighLatency/checkout',
      integrationId: 'int-prometheus',
      source: 'alertmanager',
      severity: o.severity ?? 'warning',
      summary: `latency high (${s})`,
      service: 'checkout',
      labels: { alertname: 'HighLatency', service: 'checkout' },
      annotations: { runbook: 'https://runbooks.example/latency' },
      details: { seconds: s },
      links: [{ href: 'https://grafana.example/d/latency', text: 'dashboard' }],
      alertId: alertId(s),
      ...(o.endsAt === undefined ? {} : { endsAt: at(o.endsAt) }),
    },
  }),
  deduplicated: (s: number, o: { endsAt?: number } = {}): Past<'AlertDeduplicated'> => ({
    at: s,
    type: 'AlertDeduplicated',
    data: {
      alertId: alertId(s),
      summary: `latency high (${s})`,
      details: { seconds: s },
      ...(o.endsAt === undefined ? {} : { endsAt: at(o.endsAt) }),
    },
  }),
  severityChanged: (s: number, from: Severity, to: Severity): Past<'IncidentSeverityChanged'> => ({ at: s, type: 'IncidentSeverityChanged', data: { from, to } }),
  acknowledged: (s: number): Past<'IncidentAcknowledged'> => ({ at: s, type: 'IncidentAcknowledged', data: { by: { kind: 'user', name: 'ada' } } }),
  resolved: (s: number): Past<'IncidentResolved'> => ({ at: s, type: 'IncidentResolved', data: { by: { kind: 'alert', alertId: alertId(s) } } }),
  reopened: (s: number, severity: Severity = 'warning', o: { endsAt?: number } = {}): Past<'IncidentReopened'> => ({
    at: s,
    type: 'IncidentReopened',
    data: {
      alertId: alertId(s),
      severity,
      summary: `latency high (${s})`,
      details: { seconds: s },
      ...(o.endsAt === undefined ? {} : { endsAt: at(o.endsAt) }),
    },
  }),
  flapping: (s: number, cycles: number): Past<'IncidentFlapping'> => ({ at: s, type: 'IncidentFlapping', data: { cycles, windowSeconds: 3600 } }),
  stabilised: (s: number): Past<'IncidentStabilised'> => ({ at: s, type: 'IncidentStabilised', data: {} }),
  escalated: (s: number, o: { episode?: number; round?: number; step?: number } = {}): Past<'IncidentEscalated'> => ({
    at: s,
    type: 'IncidentEscalated',
    data: { policyId: 'night', episode: o.episode ?? 1, round: o.round ?? 1, step: o.step ?? 1, receivers: ['oncall'] },
  }),
  /** `count` resolve/reopen cycles from `start`, one every `every` seconds (resolve, then reopen 10 s later). */
  cycles: (count: number, start: number, every = 60): Past[] =>
    Array.from({ length: count }, (_, i) => [past.resolved(start + i * every), past.reopened(start + i * every + 10)]).flat(),
};

/** Envelopes the history as the stream of incident INCIDENT_ID, versions from 1. */
export function history(events: readonly Past[]): IncidentEvent[] {
  return events.map(({ at: s, ...draft }, i): IncidentEvent => ({
    ...draft,
    id: uuid(0xd0000000 + i),
    incidentId: INCIDENT_ID,
    version: i + 1,
    occurredAt: at(s),
  }));
}

/** A context whose ids are predictable: NEW_INCIDENT_ID, then event ids e0000000, e0000001, … */
export function testContext(policy: IncidentPolicy = POLICY): DecideContext {
  let next = 0;
  return { policy, newIncidentId: () => NEW_INCIDENT_ID, newEventId: () => eventId(next++) };
}

export interface Then {
  /** The decision is exactly these events, enveloped; returns the incident state after them. */
  then(expected: readonly EventDraft[], on?: { isNew: boolean }): IncidentState;
  thenIgnored(reason: IgnoredReason): void;
  thenRejected(code: IncidentErrorCode): IncidentDomainError;
  readonly decision: Decision;
}

export function given(events: readonly Past[], policy: IncidentPolicy = POLICY) {
  const stream = history(events);
  const state = fold(stream);
  return {
    state,
    when(command: IncidentCommand): Then {
      const decision = decide(command, state, testContext(policy));
      return {
        decision,
        then(expected, on = { isNew: false }) {
          const incidentId = on.isNew ? NEW_INCIDENT_ID : INCIDENT_ID;
          const from = on.isNew ? 0 : stream.length;
          const occurredAt = commandTime(command);
          const events = expected.map(
            (draft, i): IncidentEvent => ({ ...draft, id: eventId(i), incidentId, version: from + i + 1, occurredAt }),
          );
          assert.deepEqual(decision, { kind: 'events', incidentId, isNew: on.isNew, events });
          for (const event of events) IncidentEventSchema.parse(event);
          const after = fold(events, on.isNew ? undefined : state);
          IncidentSnapshot.parse(toSnapshot(after));
          return after;
        },
        thenIgnored(reason) {
          assert.deepEqual(decision, { kind: 'ignored', reason });
        },
        thenRejected(code) {
          assert.equal(decision.kind, 'rejected', `expected a rejection, got ${JSON.stringify(decision)}`);
          const { error } = decision;
          assert.ok(error instanceof IncidentDomainError);
          assert.equal(error.code, code);
          return error;
        },
      };
    },
  };
}
