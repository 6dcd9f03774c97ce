import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { TurnCoalescingSocket } from './turn-coalescing-socket.js';
import { spyOnSends } from './turn-coalescing-socket.testing.js';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('TurnCoalescingSocket', () => {
  let server: net.Server;
  let received = '';
  let port = 0;

  before(async () => {
    server = net.createServer((peer) => peer.on('data', (chunk) => (received += chunk.toString())));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function connected(): Promise<TurnCoalescingSocket> {
    const socket = new TurnCoalescingSocket();
    await new Promise<void>((resolve) => socket.connect(port, '127.0.0.1', resolve));
    return socket;
  }

  async function withSocket(work: (socket: TurnCoalescingSocket) => Promise<void>): Promise<void> {
    const socket = await connected();
    try {
      await work(socket);
    } finally {
      socket.destroy();
    }
  }

  it('keeps its own write after connect (net.Socket#connect puts the prototype write on the instance)', () =>
    withSocket(async (socket) => {
      assert.equal(Object.hasOwn(socket, 'write'), false);
    }));

  it('sends everything written in one turn in one call, with the callbacks of each write', () =>
    withSocket(async (socket) => {
      const sends = spyOnSends(socket);
      received = '';
      const written: string[] = [];
      socket.write('BEGIN;', () => written.push('a'));
      socket.write(Buffer.from('INSERT;'), () => written.push('b'));
      socket.write('COMMIT;', 'utf8', () => written.push('c'));
      assert.deepEqual(sends, [], 'nothing is sent before the turn ends');
      await nextTurn();
      assert.deepEqual(sends, [3]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(received, 'BEGIN;INSERT;COMMIT;');
      assert.deepEqual(written, ['a', 'b', 'c']);
    }));

  it('sends a lone write at the end of its turn, and the next turn’s writes separately', () =>
    withSocket(async (socket) => {
      const sends = spyOnSends(socket);
      socket.write('one');
      await nextTurn();
      assert.deepEqual(sends, [1]);
      socket.write('two');
      socket.write('three');
      await nextTurn();
      assert.deepEqual(sends, [1, 2]);
    }));

  it('flushes what it holds when ended within the turn', async () => {
    const socket = await connected();
    received = '';
    socket.write('last words');
    socket.end();
    await new Promise((resolve) => socket.once('close', resolve));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(received, 'last words');
  });
});
