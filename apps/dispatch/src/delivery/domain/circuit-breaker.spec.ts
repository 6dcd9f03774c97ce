import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type AttemptResult,
  type CircuitState,
  CLOSED_CIRCUIT,
  CircuitBreakerConfig,
  PROBE_RECHECK_MS,
  admit,
  recordResult,
  shouldDisableReceiver,
} from './circuit-breaker.js';

const config = CircuitBreakerConfig.parse({ failureThreshold: 3, cooldownMs: 60_000, probeTimeoutMs: 30_000 });

type Step = ['admit', number, boolean | number] | ['record', number, AttemptResult];

/** Plays steps against the breaker; an `admit` step expects true (allowed) or the retryInMs of a refusal. */
function play(steps: Step[], initial: CircuitState = CLOSED_CIRCUIT): CircuitState {
  let state = initial;
  for (const [i, step] of steps.entries()) {
    if (step[0] === 'admit') {
      const decision = admit(state, step[1], config);
      if (!decision.allowed) assert.equal(decision.refusal, state.status === 'open' ? 'open' : 'probing', `step ${i} refusal`);
      assert.deepEqual(decision.allowed ? true : decision.retryInMs, step[2], `step ${i}`);
      if (decision.allowed) state = decision.state;
    } else {
      state = recordResult(state, step[2], step[1], config);
    }
  }
  return state;
}

describe('circuit breaker', () => {
  const cases: Array<[string, Step[], CircuitState]> = [
    ['stays closed below the threshold', [['record', 0, 'recoverable_failure'], ['record', 1, 'recoverable_failure'], ['admit', 2, true]], {
      status: 'closed',
      consecutiveFailures: 2,
      failingSince: 0,
    }],
    [
      'opens after N consecutive recoverable failures and rejects until the cooldown ends',
      [
        ['record', 1000, 'recoverable_failure'],
        ['record', 2000, 'recoverable_failure'],
        ['record', 3000, 'recoverable_failure'],
        ['admit', 3000, 60_000],
        ['admit', 62_999, 1],
      ],
      { status: 'open', openedAt: 3000, failingSince: 1000 },
    ],
    [
      'a success breaks the run',
      [['record', 0, 'recoverable_failure'], ['record', 1, 'recoverable_failure'], ['record', 2, 'success'], ['record', 3, 'recoverable_failure']],
      { status: 'closed', consecutiveFailures: 1, failingSince: 3 },
    ],
    [
      'a non-recoverable answer (endpoint alive) breaks the run too',
      [['record', 0, 'recoverable_failure'], ['record', 1, 'recoverable_failure'], ['record', 2, 'other_failure'], ['record', 3, 'recoverable_failure']],
      { status: 'closed', consecutiveFailures: 1, failingSince: 3 },
    ],
    [
      'after the cooldown one probe goes; others wait; a successful probe closes',
      [
        ['record', 0, 'recoverable_failure'],
        ['record', 0, 'recoverable_failure'],
        ['record', 0, 'recoverable_failure'],
        ['admit', 60_000, true],
        ['admit', 60_001, 500],
        ['record', 60_050, 'success'],
        ['admit', 60_501, true],
      ],
      CLOSED_CIRCUIT,
    ],
    [
      'while a probe is out the others recheck every PROBE_RECHECK_MS, never later than the probe is presumed lost',
      [
        ['record', 0, 'recoverable_failure'],
        ['record', 0, 'recoverable_failure'],
        ['record', 0, 'recoverable_failure'],
        ['admit', 60_000, true],
        ['admit', 60_000, PROBE_RECHECK_MS],
        ['admit', 89_800, 200],
      ],
      { status: 'half_open', probeStartedAt: 60_000, failingSince: 0 },
    ],
    [
      'throttled (429 with Retry-After) neither counts towards opening nor breaks the run',
      [
        ['record', 0, 'recoverable_failure'],
        ['record', 1, 'recoverable_failure'],
        ['record', 2, 'throttled'],
        ['record', 3, 'throttled'],
        ['admit', 4, true],
      ],
      { status: 'closed', consecutiveFailures: 2, failingSince: 0 },
    ],
    ['throttled alone never opens the circuit', [['record', 0, 'throttled'], ['record', 1, 'throttled'], ['record', 2, 'throttled'], ['record', 3, 'throttled'], ['admit', 4, true]], CLOSED_CIRCUIT],
    [
      'a probe answered 429 with Retry-After found the endpoint up: closed (the pause is honoured by the sender)',
      [
        ['record', 0, 'recoverable_failure'],
        ['record', 0, 'recoverable_failure'],
        ['record', 0, 'recoverable_failure'],
        ['admit', 60_000, true],
        ['record', 60_010, 'throttled'],
      ],
      { status: 'closed', consecutiveFailures: 0, failingSince: 0 },
    ],
    [
      'throttled while open changes nothing',
      [['record', 0, 'recoverable_failure'], ['record', 0, 'recoverable_failure'], ['record', 0, 'recoverable_failure'], ['record', 5, 'throttled']],
      { status: 'open', openedAt: 0, failingSince: 0 },
    ],
    [
      'a failed probe opens again for a full cooldown',
      [
        ['record', 0, 'recoverable_failure'],
        ['record', 0, 'recoverable_failure'],
        ['record', 0, 'recoverable_failure'],
        ['admit', 60_000, true],
        ['record', 61_000, 'recoverable_failure'],
        ['admit', 61_000, 60_000],
      ],
      { status: 'open', openedAt: 61_000, failingSince: 0 },
    ],
    [
      'a probe with no result is presumed lost after probeTimeoutMs',
      [
        ['record', 0, 'recoverable_failure'],
        ['record', 0, 'recoverable_failure'],
        ['record', 0, 'recoverable_failure'],
        ['admit', 60_000, true],
        ['admit', 90_000, true],
      ],
      { status: 'half_open', probeStartedAt: 90_000, failingSince: 0 },
    ],
    [
      'results of sends from before opening do not close an open circuit',
      [
        ['record', 0, 'recoverable_failure'],
        ['record', 0, 'recoverable_failure'],
        ['record', 0, 'recoverable_failure'],
        ['record', 10, 'success'],
        ['admit', 20, 59_980],
      ],
      { status: 'open', openedAt: 0, failingSince: 0 },
    ],
  ];
  for (const [name, steps, final] of cases) {
    it(name, () => assert.deepEqual(play(steps), final));
  }

  it('has defaults', () => {
    assert.deepEqual(CircuitBreakerConfig.parse({}), { failureThreshold: 5, cooldownMs: 60_000, probeTimeoutMs: 60_000 });
  });
});

describe('shouldDisableReceiver', () => {
  const cases: Array<[number | undefined, number, number, boolean]> = [
    [undefined, 1_000_000, 3600, false],
    [0, 3_599_999, 3600, false],
    [0, 3_600_000, 3600, true],
    [0, 10_000_000, 0, false],
  ];
  for (const [failingSince, now, disableAfterSeconds, expected] of cases) {
    it(`failing since ${failingSince}, now ${now}, after ${disableAfterSeconds}s → ${expected}`, () => {
      assert.equal(shouldDisableReceiver({ failingSince, now, disableAfterSeconds }), expected);
    });
  }
  it('works from the breaker state: failingSince survives opening', () => {
    const state = play([
      ['record', 1000, 'recoverable_failure'],
      ['record', 2000, 'recoverable_failure'],
      ['record', 3000, 'recoverable_failure'],
    ]);
    assert.equal(shouldDisableReceiver({ failingSince: state.failingSince, now: 1000 + 86_400_000, disableAfterSeconds: 86_400 }), true);
  });
});
