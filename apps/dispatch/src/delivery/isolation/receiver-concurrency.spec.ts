import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReceiverConcurrency } from './receiver-concurrency.js';

describe('ReceiverConcurrency', () => {
  it('caps each receiver separately', () => {
    const c = new ReceiverConcurrency();
    const a1 = c.tryAcquire('a', 2, 0);
    const a2 = c.tryAcquire('a', 2, 0);
    assert.ok(a1 && a2);
    assert.equal(c.tryAcquire('a', 2, 0), undefined, 'a is at its cap');
    assert.ok(c.tryAcquire('b', 2, 0), 'b is unaffected');
    c.release(a1, 10);
    assert.ok(c.tryAcquire('a', 2, 10), 'a slot freed');
    assert.equal(c.inFlightCount('a'), 2);
    assert.equal(c.inFlightCount(), 3);
  });
  it('releasing twice frees one slot only', () => {
    const c = new ReceiverConcurrency();
    const s = c.tryAcquire('a', 1, 0)!;
    c.release(s, 1);
    c.release(s, 1);
    assert.equal(c.inFlightCount('a'), 0);
  });
  it('expected send time follows completed sends, or the oldest send still in flight when longer', () => {
    const c = new ReceiverConcurrency();
    c.release(c.tryAcquire('a', 4, 0)!, 100);
    assert.equal(c.expectedSendMs('a', 100), 100);
    c.tryAcquire('a', 4, 200); // starts hanging
    assert.equal(c.expectedSendMs('a', 5_200), 5_000);
    assert.equal(c.expectedSendMs('unknown', 0), 0);
  });
  it('the oldest send in flight is the one that started first, whichever was released in between', () => {
    const c = new ReceiverConcurrency({ quickSendMs: 100 });
    c.tryAcquire('a', 4, 0);
    const middle = c.tryAcquire('a', 4, 400)!;
    c.tryAcquire('a', 4, 900);
    assert.equal(c.expectedSendMs('a', 1_000), 1_000);
    c.release(middle, 1_000, false);
    assert.equal(c.expectedSendMs('a', 1_200), 1_200, 'still the first');
    assert.equal(c.isQuick('a', 1_200), false, 'in flight 1.2 s against a bound of 100 ms');
  });
  it('slots released without a send do not count towards the mean', () => {
    const c = new ReceiverConcurrency();
    c.release(c.tryAcquire('a', 4, 0)!, 1_000);
    c.release(c.tryAcquire('a', 4, 2_000)!, 2_000, false);
    assert.equal(c.expectedSendMs('a', 2_000), 1_000);
  });

  it('a quick receiver at its cap queues a few jobs locally and hands a freed slot to the first', async () => {
    const c = new ReceiverConcurrency({ quickSendMs: 100, maxWaitMs: 1_000, perReceiverFactor: 1 });
    const held = c.tryAcquire('a', 1, Date.now())!;
    const first = c.acquire('a', 1, Date.now());
    const second = c.acquire('a', 1, Date.now()); // beyond the local queue (1 × cap 1): handed back at once
    assert.equal(await second, undefined);
    c.release(held, Date.now());
    const slot = await first;
    assert.ok(slot, 'the waiter got the freed slot');
    assert.equal(c.inFlightCount('a'), 1);
    c.release(slot, Date.now());
    assert.equal(c.inFlightCount('a'), 0);
  });

  it('a waiter gives up after the longest wait', async () => {
    const c = new ReceiverConcurrency({ quickSendMs: 100, maxWaitMs: 20 });
    c.tryAcquire('a', 1, Date.now());
    assert.equal(await c.acquire('a', 1, Date.now()), undefined);
  });

  it('a receiver with a send in flight for longer than a quick send gets no local queue', async () => {
    const c = new ReceiverConcurrency({ quickSendMs: 100, maxWaitMs: 10_000 });
    c.tryAcquire('hangs', 1, 0);
    const started = Date.now();
    assert.equal(await c.acquire('hangs', 1, 5_000), undefined);
    assert.ok(Date.now() - started < 1_000, 'handed back at once, not after the wait');
  });

  it('a receiver is quick while its sends keep their usual pace, even a slow pace within the bound; one send far beyond it means hanging', () => {
    const c = new ReceiverConcurrency({ quickSendMs: 100 });
    assert.equal(c.isQuick('new', 0), true, 'no sends yet');
    c.release(c.tryAcquire('busy', 4, 0)!, 80); // a mean of 80 ms
    c.tryAcquire('busy', 4, 1_000);
    assert.equal(c.isQuick('busy', 1_300), true, 'in flight 300 ms: within four times its mean');
    assert.equal(c.isQuick('busy', 1_400), false, 'in flight 400 ms: beyond four times its mean (320) and the bound');
    c.release(c.tryAcquire('slow', 4, 0)!, 150);
    assert.equal(c.isQuick('slow', 200), false, 'a mean over the bound');
  });

  it('jobs waiting for a receiver that starts hanging are handed back at once, not after the longest wait', async () => {
    const c = new ReceiverConcurrency({ quickSendMs: 100, maxWaitMs: 60_000 });
    const at = Date.now();
    c.tryAcquire('a', 1, at);
    const waiting = c.acquire('a', 1, at);
    c.releaseHangingWaiters(at + 50);
    assert.equal(c.waitingCount('a'), 1, 'still quick: keeps waiting');
    c.releaseHangingWaiters(at + 150);
    assert.equal(await waiting, undefined, 'the send in flight has outlasted a quick one: handed back');
    assert.equal(c.waitingCount('a'), 0);
  });

  it('a job waits locally only when its slot should come within the longest wait', () => {
    const c = new ReceiverConcurrency({ quickSendMs: 1_000, maxWaitMs: 1_000, perReceiverFactor: 100, totalWaiting: 100 });
    const at = Date.now();
    // Sends of 400 ms, cap 2: the first two waiters are one send away (400 ms), the next two two sends (800 ms), the fifth three (1.2 s).
    c.release(c.tryAcquire('a', 2, at)!, at + 400);
    c.tryAcquire('a', 2, at + 400);
    c.tryAcquire('a', 2, at + 400);
    const waiters = [];
    for (let i = 0; i < 4; i++) {
      assert.equal(c.mayAcquire('a', 2, at + 400), true, `waiter ${i + 1} may wait`);
      waiters.push(c.acquire('a', 2, at + 400));
    }
    assert.equal(c.mayAcquire('a', 2, at + 400), false, 'the fifth would wait longer than the longest wait: handed back');
  });

  it('the local queues of all receivers together stay within their bound', async () => {
    const c = new ReceiverConcurrency({ quickSendMs: 100, maxWaitMs: 50, perReceiverFactor: 4, totalWaiting: 2 });
    const at = Date.now();
    c.tryAcquire('a', 1, at);
    c.tryAcquire('b', 1, at);
    const waiting = [c.acquire('a', 1, Date.now()), c.acquire('b', 1, Date.now())];
    assert.equal(c.mayAcquire('a', 1, Date.now()), false, 'the total bound is reached');
    assert.equal(await c.acquire('b', 1, Date.now()), undefined);
    await Promise.all(waiting);
    assert.equal(c.mayAcquire('a', 1, at), true, 'room again once the waiters gave up');
  });
});
