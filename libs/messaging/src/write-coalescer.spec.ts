import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WriteCoalescer } from './write-coalescer.js';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('WriteCoalescer', () => {
  it('makes the calls of one turn together, in order, after the turn', async () => {
    const made: string[] = [];
    const writes = new WriteCoalescer();
    writes.defer(() => made.push('ack 1'));
    writes.defer(() => made.push('publish'));
    writes.defer(() => made.push('ack 2'));
    assert.deepEqual(made, [], 'nothing is made during the turn');
    await turn();
    assert.deepEqual(made, ['ack 1', 'publish', 'ack 2']);
  });

  it('makes a call deferred from inside a flush in a later turn, not lost', async () => {
    const made: string[] = [];
    const writes = new WriteCoalescer();
    writes.defer(() => writes.defer(() => made.push('second')));
    await turn();
    assert.deepEqual(made, []);
    await turn();
    assert.deepEqual(made, ['second']);
  });

  it('hands an error to onError and still makes the calls after it', async () => {
    const errors: unknown[] = [];
    const made: string[] = [];
    const writes = new WriteCoalescer((error) => errors.push(error));
    writes.defer(() => {
      throw new Error('connection closed');
    });
    writes.defer(() => made.push('after'));
    await turn();
    assert.equal((errors[0] as Error).message, 'connection closed');
    assert.deepEqual(made, ['after']);
  });

  it("a call's own error handler takes its error instead of the coalescer's", async () => {
    const general: unknown[] = [];
    const own: unknown[] = [];
    const writes = new WriteCoalescer((error) => general.push(error));
    writes.defer(
      () => {
        throw new Error('ack on a closed connection');
      },
      (error) => own.push(error),
    );
    await turn();
    assert.equal((own[0] as Error).message, 'ack on a closed connection');
    assert.deepEqual(general, []);
  });

  it('flush makes everything now (before a drain), and the scheduled turn then has nothing left', async () => {
    const made: string[] = [];
    const writes = new WriteCoalescer();
    writes.defer(() => made.push('ack'));
    writes.flush();
    assert.deepEqual(made, ['ack']);
    await turn();
    assert.deepEqual(made, ['ack']);
  });
});
