import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Window } from './window.js';

describe('Window', () => {
  it('never lets more than its size run at once, and runs everything', async () => {
    for (const [size, tasks] of [[1, 5], [3, 10], [8, 4]] as const) {
      const window = new Window(size);
      let running = 0;
      let peak = 0;
      const done: number[] = [];
      await Promise.all(
        Array.from({ length: tasks }, (_, i) =>
          window.run(async () => {
            running += 1;
            peak = Math.max(peak, running);
            await new Promise((resolve) => setTimeout(resolve, 2));
            running -= 1;
            done.push(i);
          }),
        ),
      );
      assert.equal(peak, Math.min(size, tasks), `size ${size}, ${tasks} tasks`);
      assert.equal(done.length, tasks);
      assert.equal(window.inFlight, 0);
    }
  });

  it('hands slots out first come, first served', async () => {
    const window = new Window(1);
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((i) => window.run(async () => void order.push(i))));
    assert.deepEqual(order, [1, 2, 3]);
  });

  it('releases the slot when the task fails', async () => {
    const window = new Window(1);
    await assert.rejects(window.run(() => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(window.inFlight, 0);
  });

  it('refuses a size that is not a positive integer', () => {
    for (const size of [0, -1, 1.5, Number.NaN]) assert.throws(() => new Window(size), RangeError);
  });
});
