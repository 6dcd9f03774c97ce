import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { childTraceparent, contextFrom, logContext } from './context.js';

const SHAPE = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

describe('trace context', () => {
  it('a child keeps the trace id and flags and gets a new span id', () => {
    const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00';
    const child = childTraceparent(parent);
    assert.match(child, SHAPE);
    assert.equal(child.slice(0, 36), parent.slice(0, 36));
    assert.notEqual(child.slice(36, 52), parent.slice(36, 52));
    assert.equal(child.slice(-2), '00');
  });

  it('an absent or malformed parent starts a new sampled trace', () => {
    for (const parent of [undefined, '', 'garbage', '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01']) {
      const child = childTraceparent(parent);
      assert.match(child, SHAPE, String(parent));
      assert.equal(child.slice(-2), '01');
    }
  });

  it('ids stay unique across many spans (the random pool refills)', () => {
    const spans = new Set(Array.from({ length: 2_000 }, () => childTraceparent(undefined)));
    assert.equal(spans.size, 2_000);
  });

  it('keeps a valid correlation id and replaces one that is not', () => {
    assert.equal(contextFrom('req-1:a.b', undefined).correlationId, 'req-1:a.b');
    for (const bad of [undefined, '', 'has space', 'x'.repeat(129)]) assert.notEqual(contextFrom(bad, undefined).correlationId, bad);
  });

  it('gives a log line the work\'s correlation id and trace id', () => {
    const cases: Array<[string, Parameters<typeof logContext>[0], ReturnType<typeof logContext>]> = [
      ['no work', undefined, {}],
      [
        'a traced unit of work',
        { correlationId: 'req-1', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
        { correlationId: 'req-1', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' },
      ],
      ['a malformed trace', { correlationId: 'req-2', traceparent: 'garbage' }, { correlationId: 'req-2' }],
    ];
    for (const [name, context, expected] of cases) assert.deepEqual(logContext(context), expected, name);
  });
});
