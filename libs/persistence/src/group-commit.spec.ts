import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GroupCommit } from './group-commit.js';

const tick = (ms = 5): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('GroupCommit', () => {
  it('writes a lone item at once, on its own', async () => {
    const writes: number[][] = [];
    const group = new GroupCommit<number, number>(async (items) => {
      writes.push([...items]);
      return items.map((i) => i * 2);
    });
    assert.equal(await group.submit(21), 42);
    assert.deepEqual(writes, [[21]]);
  });

  it('puts items submitted in one turn into one write, and items that arrive during a write into the next', async () => {
    const writes: number[][] = [];
    const group = new GroupCommit<number, string>(async (items) => {
      writes.push([...items]);
      await tick();
      return items.map(String);
    });
    const first = [1, 2, 3].map((i) => group.submit(i));
    await Promise.resolve();
    await Promise.resolve();
    const later = [4, 5].map((i) => group.submit(i));
    assert.deepEqual(await Promise.all([...first, ...later]), ['1', '2', '3', '4', '5']);
    assert.deepEqual(writes, [[1, 2, 3], [4, 5]]);
  });

  it('splits at maxBatch and keeps each caller its own result', async () => {
    for (const [items, maxBatch, expected] of [
      [5, 2, [2, 2, 1]],
      [4, 4, [4]],
      [3, 10, [3]],
    ] as const) {
      const sizes: number[] = [];
      const group = new GroupCommit<number, number>(async (batch) => {
        sizes.push(batch.length);
        return batch.map((i) => i + 100);
      }, { maxBatch });
      const results = await Promise.all(Array.from({ length: items }, (_, i) => group.submit(i)));
      assert.deepEqual(results, Array.from({ length: items }, (_, i) => i + 100));
      assert.deepEqual(sizes, expected, `${items} items, batches of ${maxBatch}`);
    }
  });

  it('rejects every item of a failed write, and goes on with the next', async () => {
    let fail = true;
    const group = new GroupCommit<number, number>(async (items) => {
      if (fail) throw new Error('database down');
      return [...items];
    });
    const failed = await Promise.allSettled([group.submit(1), group.submit(2)]);
    assert.deepEqual(failed.map((r) => r.status), ['rejected', 'rejected']);
    fail = false;
    assert.equal(await group.submit(3), 3);
  });

  it('a bad item fails only its own caller: the others are written again on their own', async () => {
    const writes: number[][] = [];
    const group = new GroupCommit<number, number>(async (items) => {
      writes.push([...items]);
      if (items.includes(13)) throw new Error('refused');
      return [...items];
    });
    const results = await Promise.allSettled([12, 13, 14].map((i) => group.submit(i)));
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.deepEqual(writes, [[12, 13, 14], [12], [13], [14]]);
  });

  it('rejects when the write returns the wrong number of results', async () => {
    const group = new GroupCommit<number, number>(async () => []);
    await assert.rejects(group.submit(1), /0 results for 1 items/);
  });
});
