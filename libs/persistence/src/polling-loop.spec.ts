import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PollingLoop, type PollingLoopOptions } from './polling-loop.js';

/** A pass that waits until released, counting its runs. */
function gatedPass(): { pass: () => Promise<void>; runs: () => number; release: () => void } {
  let runs = 0;
  let release = (): void => {};
  return {
    pass: () => {
      runs += 1;
      return new Promise<void>((resolve) => (release = resolve));
    },
    runs: () => runs,
    release: () => release(),
  };
}

const options = (over: Partial<PollingLoopOptions> = {}): PollingLoopOptions => ({ everyMs: 60_000, overlap: 'skip', onError: () => {}, ...over });
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('PollingLoop', () => {
  const overlaps: Array<{ overlap: 'skip' | 'again'; asked: number; runs: number }> = [
    { overlap: 'skip', asked: 1, runs: 1 },
    { overlap: 'skip', asked: 3, runs: 1 },
    { overlap: 'again', asked: 1, runs: 1 },
    { overlap: 'again', asked: 3, runs: 2 },
  ];
  for (const c of overlaps) {
    it(`${c.overlap}: ${c.asked} pass(es) asked for while one runs → ${c.runs} run(s)`, async () => {
      const gate = gatedPass();
      const loop = new PollingLoop(gate.pass, options({ overlap: c.overlap }));
      const first = loop.run();
      for (let i = 1; i < c.asked; i += 1) void loop.run();
      for (let i = 0; i < c.runs; i += 1) {
        await tick();
        gate.release();
      }
      await first;
      assert.equal(gate.runs(), c.runs);
    });
  }

  it('a failed pass goes to onError, never rejects, and the next pass runs', async () => {
    const errors: unknown[] = [];
    let fail = true;
    let runs = 0;
    const loop = new PollingLoop(
      async () => {
        runs += 1;
        if (fail) throw new Error('database away');
      },
      options({ onError: (e) => errors.push(e) }),
    );
    await loop.run();
    fail = false;
    await loop.run();
    assert.deepEqual([runs, errors.map((e) => (e as Error).message)], [2, ['database away']]);
  });

  it('runs a given pass instead of its own (a test at a chosen time)', async () => {
    const seen: string[] = [];
    const loop = new PollingLoop(async () => void seen.push('own'), options());
    await loop.run(async () => void seen.push('given'));
    await loop.run();
    assert.deepEqual(seen, ['given', 'own']);
  });

  it('stop waits for the pass under way', async () => {
    const gate = gatedPass();
    const loop = new PollingLoop(gate.pass, options());
    void loop.run();
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await tick();
    assert.equal(stopped, false);
    gate.release();
    await stopping;
    assert.equal(stopped, true);
  });

  it('runs on its timer once started, and not after stop', async () => {
    let runs = 0;
    const loop = new PollingLoop(async () => void (runs += 1), options({ everyMs: 5 }));
    loop.start();
    for (let waited = 0; runs < 2 && waited < 2_000; waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
    await loop.stop();
    const atStop = runs;
    assert.ok(atStop >= 2, `${atStop} timed passes`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(runs, atStop);
  });
});
