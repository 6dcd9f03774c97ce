import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchCollector, type BatchTimers } from './batch-collector.js';

/** Timers that fire only when the test says so. */
class ManualTimers implements BatchTimers {
  private next = 0;
  readonly pending = new Map<number, { run: () => void; ms: number }>();
  set(run: () => void, ms: number): unknown {
    this.next += 1;
    this.pending.set(this.next, { run, ms });
    return this.next;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  fireAll(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const t of due) t.run();
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function collector(answer: (items: readonly string[]) => Promise<readonly string[]> = async (items) => items.map((i) => `sent:${i}`)) {
  const timers = new ManualTimers();
  const sent: Array<{ key: string; items: readonly string[] }> = [];
  const batches = new BatchCollector<string, string>(async (key, items) => {
    sent.push({ key, items });
    return answer(items);
  }, timers);
  return { batches, timers, sent };
}

describe('BatchCollector', () => {
  const cases: Array<{ name: string; size: number; add: string[]; fireTimers: boolean; batches: string[][]; waiting: number }> = [
    { name: 'a full batch goes at once, without waiting for the timer', size: 3, add: ['a', 'b', 'c'], fireTimers: false, batches: [['a', 'b', 'c']], waiting: 0 },
    { name: 'a partial batch waits for its timer', size: 3, add: ['a', 'b'], fireTimers: false, batches: [], waiting: 2 },
    { name: 'the timer sends a partial batch', size: 3, add: ['a', 'b'], fireTimers: true, batches: [['a', 'b']], waiting: 0 },
    { name: 'items beyond a full batch start the next one', size: 2, add: ['a', 'b', 'c'], fireTimers: false, batches: [['a', 'b']], waiting: 1 },
    { name: 'and its timer sends the rest', size: 2, add: ['a', 'b', 'c'], fireTimers: true, batches: [['a', 'b'], ['c']], waiting: 0 },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { batches, timers, sent } = collector();
      for (const item of c.add) void batches.add('r1', item, { size: c.size, timeoutMs: 1_000 });
      if (c.fireTimers) timers.fireAll();
      await settle();
      assert.deepEqual(
        sent.map((s) => s.items),
        c.batches,
      );
      assert.equal(batches.waiting, c.waiting);
    });
  }

  it('each add resolves with its own item’s result', async () => {
    const { batches } = collector();
    const results = await Promise.all(['a', 'b'].map((item) => batches.add('r1', item, { size: 2, timeoutMs: 1_000 })));
    assert.deepEqual(results, ['sent:a', 'sent:b']);
  });

  it('keeps receivers apart: one key’s full batch does not send another’s items', async () => {
    const { batches, sent } = collector();
    void batches.add('r1', 'a', { size: 2, timeoutMs: 1_000 });
    void batches.add('r2', 'x', { size: 2, timeoutMs: 1_000 });
    void batches.add('r1', 'b', { size: 2, timeoutMs: 1_000 });
    await settle();
    assert.deepEqual(sent, [{ key: 'r1', items: ['a', 'b'] }]);
    assert.equal(batches.waiting, 1);
  });

  it('the timer is set for the batch’s timeout when its first item arrives', () => {
    const { batches, timers } = collector();
    void batches.add('r1', 'a', { size: 5, timeoutMs: 250 });
    void batches.add('r1', 'b', { size: 5, timeoutMs: 250 });
    assert.deepEqual([...timers.pending.values()].map((t) => t.ms), [250]);
  });

  it('a failed send rejects every item of the batch, and only of that batch', async () => {
    const { batches, timers } = collector(async () => {
      throw new Error('receiver away');
    });
    const first = batches.add('r1', 'a', { size: 1, timeoutMs: 1_000 });
    await assert.rejects(first, /receiver away/);
    assert.equal(timers.pending.size, 0);
  });

  it('a send that answers the wrong number of results rejects the batch instead of misattributing them', async () => {
    const { batches } = collector(async () => ['only one']);
    const adds = ['a', 'b'].map((item) => batches.add('r1', item, { size: 2, timeoutMs: 1_000 }));
    for (const add of adds) await assert.rejects(add, /a batch of 2 got 1 results/);
  });

  it('close sends every open batch now, and every later item at once', async () => {
    const { batches, sent, timers } = collector();
    void batches.add('r1', 'a', { size: 5, timeoutMs: 60_000 });
    void batches.add('r2', 'x', { size: 5, timeoutMs: 60_000 });
    batches.close();
    void batches.add('r1', 'late', { size: 5, timeoutMs: 60_000 });
    await settle();
    assert.deepEqual(
      sent.map((s) => s.items),
      [['a'], ['x'], ['late']],
    );
    assert.equal(timers.pending.size, 0);
  });
});
