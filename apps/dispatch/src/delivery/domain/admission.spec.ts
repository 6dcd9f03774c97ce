import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { admitJob, directCapacity, type AdmissionDecision, type AdmissionFacts, type DirectFacts } from './admission.js';

const base: AdmissionFacts = {
  receiverId: 'ops',
  receiver: { enabled: true },
  deliveryCount: 1,
  disabled: undefined,
  quietForMs: 0,
  circuit: { allowed: true },
  slotFree: true,
};
const noSpread = (): number => 0;
const at = new Date('2026-12-01T00:00:00Z');

describe('admitJob: the sender gates, first that applies wins', () => {
  const cases: Array<[string, Partial<AdmissionFacts>, AdmissionDecision]> = [
    ['a known, healthy, idle receiver: send', {}, { action: 'send' }],
    ['unknown receiver on first delivery: ask again in a second', { receiver: undefined }, { action: 'retry', delayMs: 1_000, reason: 'receiver unknown' }],
    ['unknown receiver on second delivery: still waits for the cache', { receiver: undefined, deliveryCount: 2 }, { action: 'retry', delayMs: 1_000, reason: 'receiver unknown' }],
    [
      'unknown receiver on third delivery: fails for good',
      { receiver: undefined, deliveryCount: 3 },
      { action: 'finish', outcome: 'failed', errorClass: 'receiver_unknown', errorDetail: 'no receiver "ops"' },
    ],
    ['paused: muted without a send', { receiver: { enabled: false } }, { action: 'finish', outcome: 'muted', errorClass: 'receiver_paused', errorDetail: 'the receiver is paused' }],
    [
      'paused beats disabled and an open circuit',
      { receiver: { enabled: false }, disabled: { reason: 'gone', at }, circuit: { allowed: false, retryInMs: 5, refusal: 'open' } },
      { action: 'finish', outcome: 'muted', errorClass: 'receiver_paused', errorDetail: 'the receiver is paused' },
    ],
    [
      'disabled: fails without a send',
      { disabled: { reason: 'gone', at } },
      { action: 'finish', outcome: 'failed', errorClass: 'receiver_disabled', errorDetail: 'disabled (gone) at 2026-12-01T00:00:00.000Z' },
    ],
    ['asked for quiet: held for the time asked', { quietForMs: 30_000 }, { action: 'defer', reason: 'retry_after', delayMs: 30_000 }],
    ['quiet beats an open circuit', { quietForMs: 500, circuit: { allowed: false, retryInMs: 9_000, refusal: 'open' } }, { action: 'defer', reason: 'retry_after', delayMs: 500 }],
    ['open circuit: held until it may probe', { circuit: { allowed: false, retryInMs: 9_000, refusal: 'open' } }, { action: 'defer', reason: 'circuit_open', delayMs: 9_000 }],
    [
      'a probe out: rechecked soon, not held until the probe would be presumed lost',
      { circuit: { allowed: false, retryInMs: 500, refusal: 'probing' } },
      { action: 'defer', reason: 'circuit_probe', delayMs: 500 },
    ],
    ['at the concurrency cap: busy', { slotFree: false }, { action: 'busy' }],
    ['an open circuit beats the cap', { slotFree: false, circuit: { allowed: false, retryInMs: 10, refusal: 'open' } }, { action: 'defer', reason: 'circuit_open', delayMs: 10 }],
  ];
  for (const [name, facts, expected] of cases) {
    it(name, () => assert.deepEqual(admitJob({ ...base, ...facts }, noSpread), expected));
  }

  it('spreads holds by up to a second (less when the hold itself is shorter)', () => {
    assert.deepEqual(admitJob({ ...base, circuit: { allowed: false, retryInMs: 2_000, refusal: 'open' } }, () => 1), { action: 'defer', reason: 'circuit_open', delayMs: 3_000 });
    assert.deepEqual(admitJob({ ...base, quietForMs: 200 }, () => 1), { action: 'defer', reason: 'retry_after', delayMs: 400 });
    assert.deepEqual(admitJob({ ...base, circuit: { allowed: false, retryInMs: 500, refusal: 'probing' } }, () => 1), { action: 'defer', reason: 'circuit_probe', delayMs: 625 });
  });
});

describe('directCapacity: fresh jobs routing may send itself', () => {
  const healthy: DirectFacts = { holdsJobs: false, timeoutMs: undefined, requestTimeoutMs: 10_000, admission: 'send', quick: true, concurrency: 256 };
  const cases: Array<[string, Partial<DirectFacts>, number]> = [
    ['a healthy, quick receiver: as many as the sender may hold', {}, 256],
    ['a receiver that batches or is rate limited: none', { holdsJobs: true }, 0],
    ['its own timeout within the service one: as usual', { timeoutMs: 10_000 }, 256],
    ['its own timeout beyond the service one (the sweep horizon): none', { timeoutMs: 30_000 }, 0],
    ['a job would be held (busy, open circuit, Retry-After): none', { admission: 'busy' }, 0],
    ['a job would be deferred: none', { admission: 'defer' }, 0],
    ['a job would end unsent (paused, disabled): none', { admission: 'finish' }, 0],
    ['slow or hanging sends: none', { quick: false }, 0],
  ];
  for (const [name, given, then] of cases) {
    it(name, () => assert.equal(directCapacity({ ...healthy, ...given }), then));
  }
});
