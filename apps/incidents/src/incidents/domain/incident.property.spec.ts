// Properties over random command sequences run through a miniature shell: load the latest
// incident for the dedup key (or by id), decide, append. Replaying the JSON-stored streams
// must rebuild exactly the state the shell evolved, and every event must satisfy the contract.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type IncidentEvent, IncidentEvent as IncidentEventSchema, IncidentSnapshot, SEVERITIES } from '@herald/contracts';
import { type IncidentCommand } from './incident.commands.js';
import { decide } from './incident.decider.js';
import { type DecideContext } from './incident.decision.js';
import { evolve, fold } from './incident.evolve.js';
import { type IncidentPolicy } from './incident.policy.js';
import { toSnapshot } from './incident.snapshot.js';
import { type IncidentState, initialState } from './incident.state.js';
import { addSeconds } from './incident.time.js';
import { T0, alert, uuid } from './incident.test-kit.js';
import { nextTimerAt } from './incident.timers.js';

const policyArb: fc.Arbitrary<IncidentPolicy> = fc.record({
  reopenWindowSeconds: fc.integer({ min: 0, max: 900 }),
  flapping: fc.record({
    maxCycles: fc.integer({ min: 0, max: 4 }),
    windowSeconds: fc.integer({ min: 60, max: 7200 }),
    calmSeconds: fc.integer({ min: 60, max: 3600 }),
  }),
  autoResolveAfterSeconds: fc.option(fc.integer({ min: 60, max: 1800 })),
});

type Step =
  | { kind: 'alert'; key: number; action: 'trigger' | 'acknowledge' | 'resolve'; severity: (typeof SEVERITIES)[number]; endsIn: number | null }
  | { kind: 'ack' | 'resolve' | 'note' | 'timers'; key: number; staleTarget: boolean };

const stepArb: fc.Arbitrary<{ dt: number; step: Step }> = fc.record({
  // Mostly quick succession, so reopening and flapping happen; sometimes long gaps.
  dt: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 120 }), weight: 4 }, { arbitrary: fc.integer({ min: 0, max: 2000 }), weight: 1 }),
  step: fc.oneof(
    { arbitrary: fc.record({
      kind: fc.constant('alert' as const),
      key: fc.integer({ min: 0, max: 1 }),
      action: fc.constantFrom('trigger' as const, 'trigger' as const, 'resolve' as const, 'resolve' as const, 'acknowledge' as const),
      severity: fc.constantFrom(...SEVERITIES),
      endsIn: fc.option(fc.integer({ min: 1, max: 1200 })),
    }), weight: 3 },
    { arbitrary: fc.record({
      kind: fc.constantFrom('ack' as const, 'resolve' as const, 'note' as const, 'timers' as const),
      key: fc.integer({ min: 0, max: 1 }),
      staleTarget: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    }), weight: 1 },
  ),
});

/** Runs the steps the way the incidents service would, keeping every stream it appended to. */
function simulate(policy: IncidentPolicy, steps: readonly { dt: number; step: Step }[]) {
  let ids = 0;
  const ctx: DecideContext = { policy, newIncidentId: () => uuid(0x100000 + ids++), newEventId: () => uuid(0x200000 + ids++) };
  const streams = new Map<string, IncidentEvent[]>();
  const states = new Map<string, IncidentState>();
  const latest = new Map<number, string>();
  let now = 0;
  let n = 0;
  for (const { dt, step } of steps) {
    now += dt;
    const incidentId = latest.get(step.key);
    const state = (incidentId && states.get(incidentId)) || initialState;
    const target = step.kind !== 'alert' && step.staleTarget ? uuid(0xdead) : (incidentId ?? uuid(0xdead));
    let command: IncidentCommand;
    if (step.kind === 'alert') {
      const a = alert(now, {
        id: uuid(0x300000 + n++),
        dedupKey: `key-${step.key}`,
        action: step.action,
        severity: step.severity,
        ...(step.endsIn === null ? { endsAt: undefined } : { endsAt: addSeconds(T0, now + step.endsIn) }),
      });
      command = { type: 'RecordAlert', alert: a };
    } else if (step.kind === 'timers') {
      // The scheduler fires at the persisted timer, which may be later than now.
      const due = nextTimerAt(state, policy);
      const at = due && Date.parse(due) > Date.parse(addSeconds(T0, now)) ? due : addSeconds(T0, now);
      now = (Date.parse(at) - Date.parse(T0)) / 1000;
      command = { type: 'CheckTimers', incidentId: target, at };
    } else {
      const at = addSeconds(T0, now);
      command =
        step.kind === 'note'
          ? { type: 'AddNote', incidentId: target, author: 'ada', text: 'note', at }
          : { type: step.kind === 'ack' ? 'AcknowledgeIncident' : 'ResolveIncident', incidentId: target, by: 'ada', at };
    }
    const decision = decide(command, state, ctx);
    if (decision.kind !== 'events') continue;
    const stream = streams.get(decision.incidentId) ?? [];
    streams.set(decision.incidentId, [...stream, ...decision.events]);
    states.set(decision.incidentId, fold(decision.events, decision.isNew ? initialState : state));
    latest.set(step.key, decision.incidentId);
  }
  return { streams, states };
}

const run = fc.tuple(policyArb, fc.array(stepArb, { maxLength: 60 }));

describe('incident decider properties', () => {
  it('replaying any stored stream rebuilds the state the shell evolved', () => {
    fc.assert(
      fc.property(run, ([policy, steps]) => {
        const { streams, states } = simulate(policy, steps);
        for (const [id, stream] of streams) {
          const stored = JSON.parse(JSON.stringify(stream)) as IncidentEvent[];
          assert.deepEqual(fold(stored), states.get(id));
          assert.deepEqual(stream.reduce(evolve, initialState), states.get(id));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('emits contract-valid streams: one trigger first, consecutive versions, unique ids', () => {
    fc.assert(
      fc.property(run, ([policy, steps]) => {
        const { streams, states } = simulate(policy, steps);
        const eventIds = new Set<string>();
        for (const [id, stream] of streams) {
          stream.forEach((event, i) => {
            IncidentEventSchema.parse(event);
            assert.equal(event.version, i + 1);
            assert.equal(event.incidentId, id);
            assert.equal(event.type === 'IncidentTriggered', i === 0);
            assert.ok(!eventIds.has(event.id));
            eventIds.add(event.id);
          });
          IncidentSnapshot.parse(toSnapshot(states.get(id)!));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('counts every trigger alert it accepted and flags flapping once per episode', () => {
    fc.assert(
      fc.property(run, ([policy, steps]) => {
        const { streams, states } = simulate(policy, steps);
        for (const [id, stream] of streams) {
          const triggers = stream.filter((e) => ['IncidentTriggered', 'AlertDeduplicated', 'IncidentReopened'].includes(e.type));
          assert.equal(toSnapshot(states.get(id)!)?.alertCount, triggers.length);
          const marks = stream.map((e) => e.type).filter((t) => t === 'IncidentFlapping' || t === 'IncidentStabilised');
          marks.forEach((t, i) => assert.equal(t, i % 2 === 0 ? 'IncidentFlapping' : 'IncidentStabilised'));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('firing a due timer always does something and moves the timer on', () => {
    fc.assert(
      fc.property(run, ([policy, steps]) => {
        const { states } = simulate(policy, steps);
        for (const [id, state] of states) {
          const due = nextTimerAt(state, policy);
          if (due === undefined) continue;
          let next = 0;
          const ctx = { policy, newIncidentId: () => uuid(0xf00000 + next++), newEventId: () => uuid(0xf00000 + next++) };
          const decision = decide({ type: 'CheckTimers', incidentId: id, at: due }, state, ctx);
          assert.equal(decision.kind, 'events');
          if (decision.kind !== 'events') continue;
          const after = nextTimerAt(fold(decision.events, state), policy);
          assert.ok(after === undefined || Date.parse(after) > Date.parse(due), `${after} after ${due}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});
