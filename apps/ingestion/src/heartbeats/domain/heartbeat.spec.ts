import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideHeartbeat, type HeartbeatDecision, type HeartbeatInput, type HeartbeatState, INITIAL_HEARTBEAT, missedAfter } from './heartbeat.js';

/** Every 60 s, 10 s of grace: a heartbeat last pinged at t is missed from t + 70 s. */
const TIMING = { intervalSeconds: 60, graceSeconds: 10 };
const s = (seconds: number) => seconds * 1_000;
const ping = (at: number): HeartbeatInput => ({ type: 'ping', at: s(at) });
const check = (at: number): HeartbeatInput => ({ type: 'check', at: s(at) });

const WAITING = INITIAL_HEARTBEAT;
const UP: HeartbeatState = { status: 'up', lastPingAt: s(100), misses: 0 };
const UP_AFTER_TWO_MISSES: HeartbeatState = { status: 'up', lastPingAt: s(100), misses: 2 };
const MISSING: HeartbeatState = { status: 'missing', lastPingAt: s(100), misses: 3, missedAt: s(170) };

interface Case {
  readonly name: string;
  readonly given: HeartbeatState;
  readonly when: HeartbeatInput;
  readonly then: HeartbeatDecision;
}

const CASES: readonly Case[] = [
  // waiting: armed by its first ping, never missed before it
  { name: 'a first ping arms it', given: WAITING, when: ping(5), then: { state: { status: 'up', lastPingAt: s(5), misses: 0 }, effect: { kind: 'none' } } },
  { name: 'a check before the first ping finds nothing to miss', given: WAITING, when: check(1_000_000), then: { state: WAITING, effect: { kind: 'none' } } },

  // up
  { name: 'a ping moves the last ping on', given: UP, when: ping(130), then: { state: { ...UP, lastPingAt: s(130) }, effect: { kind: 'none' } } },
  { name: 'a ping from a replica whose clock is behind never moves it back', given: UP, when: ping(99), then: { state: UP, effect: { kind: 'none' } } },
  { name: 'a check within the interval finds it on time', given: UP, when: check(160), then: { state: UP, effect: { kind: 'none' } } },
  { name: 'a check within the grace finds it on time', given: UP, when: check(169.999), then: { state: UP, effect: { kind: 'none' } } },
  {
    name: 'a check once interval and grace have passed opens miss 1',
    given: UP,
    when: check(170),
    then: { state: { status: 'missing', lastPingAt: s(100), misses: 1, missedAt: s(170) }, effect: { kind: 'open', miss: 1, lastPingAt: s(100), silentSeconds: 70 } },
  },
  {
    name: 'misses are numbered on from the last one',
    given: UP_AFTER_TWO_MISSES,
    when: check(400.5),
    then: { state: { status: 'missing', lastPingAt: s(100), misses: 3, missedAt: s(400.5) }, effect: { kind: 'open', miss: 3, lastPingAt: s(100), silentSeconds: 300 } },
  },
  { name: 'a late ping that beat the check is only a ping', given: UP, when: ping(200), then: { state: { ...UP, lastPingAt: s(200) }, effect: { kind: 'none' } } },

  // missing
  { name: 'a check while missing opens nothing more', given: MISSING, when: check(10_000), then: { state: MISSING, effect: { kind: 'none' } } },
  {
    name: 'the next ping resolves the open miss',
    given: MISSING,
    when: ping(500),
    then: { state: { status: 'up', lastPingAt: s(500), misses: 3 }, effect: { kind: 'resolve', miss: 3 } },
  },
];

describe('heartbeat: given a state, when a ping or a check comes, then', () => {
  for (const c of CASES) {
    it(c.name, () => {
      assert.deepEqual(decideHeartbeat(c.given, c.when, TIMING), c.then);
    });
  }

  it('open, resolve, open again: each miss has its own number, so its own announcement', () => {
    let state: HeartbeatState = WAITING;
    const effects: string[] = [];
    for (const input of [ping(0), check(69), check(70), check(80), ping(90), check(150), check(160), ping(161)]) {
      const decision = decideHeartbeat(state, input, TIMING);
      state = decision.state;
      if (decision.effect.kind !== 'none') effects.push(`${decision.effect.kind} ${decision.effect.miss}`);
    }
    assert.deepEqual(effects, ['open 1', 'resolve 1', 'open 2', 'resolve 2']);
  });

  it('is missed after interval plus grace', () => {
    assert.equal(missedAfter(s(100), TIMING), s(170));
    assert.equal(missedAfter(s(100), { intervalSeconds: 1, graceSeconds: 0 }), s(101));
  });
});
