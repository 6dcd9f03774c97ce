import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HEADERS } from '@herald/contracts';
import { inboundMessage, type ReceivedMessage } from './inbound-message.js';

const TRACE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** A received message whose header reads and `working` calls are counted. */
function received(headers: Record<string, string> | undefined, seq = 42) {
  const reads: string[] = [];
  let working = 0;
  const raw: ReceivedMessage = {
    headers: headers && {
      get: (name: string) => {
        reads.push(name);
        return headers[name] ?? '';
      },
    },
    seq,
    info: { stream: 'ALERTS', deliveryCount: 3 },
    working: () => {
      working += 1;
    },
  };
  return { raw, reads, workingCalls: () => working };
}

interface Case {
  readonly name: string;
  readonly headers: Record<string, string> | undefined;
  readonly msgId: string;
  readonly correlationId: string | RegExp;
  readonly traceId: string | undefined;
}

describe('inboundMessage', () => {
  const cases: readonly Case[] = [
    {
      name: 'all headers present',
      headers: { [HEADERS.ceId]: 'alert-1', [HEADERS.correlationId]: 'corr-123', [HEADERS.traceparent]: TRACE },
      msgId: 'alert-1',
      correlationId: 'corr-123',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    },
    { name: 'no header block', headers: undefined, msgId: 'ALERTS:42', correlationId: UUID, traceId: undefined },
    { name: 'empty header values', headers: {}, msgId: 'ALERTS:42', correlationId: UUID, traceId: undefined },
    {
      name: 'a malformed correlation id and traceparent are replaced',
      headers: { [HEADERS.ceId]: 'alert-2', [HEADERS.correlationId]: 'has spaces', [HEADERS.traceparent]: 'garbage' },
      msgId: 'alert-2',
      correlationId: UUID,
      traceId: undefined,
    },
  ];
  for (const c of cases) {
    it(`reads ${c.name}`, () => {
      const { raw } = received(c.headers);
      const m = inboundMessage<'canonicalAlerts'>(raw, { alerts: [] }, 'alerts.normalised.generic');
      assert.equal(m.msgId, c.msgId);
      if (typeof c.correlationId === 'string') assert.equal(m.correlationId, c.correlationId);
      else assert.match(m.correlationId, c.correlationId);
      const trace = TRACEPARENT.exec(m.traceparent);
      assert.ok(trace, m.traceparent);
      if (c.traceId) {
        assert.equal(trace[1], c.traceId, 'the same trace');
        assert.notEqual(trace[2], '00f067aa0ba902b7', 'a new span');
      }
      assert.equal(m.deliveryCount, 3);
      assert.equal(m.streamSequence, 42);
      assert.equal(m.subject, 'alerts.normalised.generic');
      assert.deepEqual(m.data, { alerts: [] });
    });
  }

  it('reads no header until a header-borne field is asked for, then each once', () => {
    const { raw, reads } = received({ [HEADERS.ceId]: 'alert-1', [HEADERS.correlationId]: 'corr-1', [HEADERS.traceparent]: TRACE });
    const m = inboundMessage<'canonicalAlerts'>(raw, { alerts: [] }, 'alerts');
    assert.equal(m.deliveryCount, 3);
    assert.deepEqual(reads, []);
    const first = { msgId: m.msgId, correlationId: m.correlationId, traceparent: m.traceparent };
    assert.deepEqual(first, { msgId: m.msgId, correlationId: m.correlationId, traceparent: m.traceparent }, 'the same values every time');
    assert.deepEqual(reads.sort(), [HEADERS.ceId, HEADERS.correlationId, HEADERS.traceparent].sort());
  });

  it('keeps a generated correlation id and span: a message has one context', () => {
    const { raw } = received(undefined);
    const m = inboundMessage<'canonicalAlerts'>(raw, { alerts: [] }, 'alerts');
    assert.equal(m.correlationId, m.correlationId);
    assert.equal(m.traceparent, m.traceparent);
  });

  it('treats a header block nats.js cannot decode as no headers, instead of throwing from a getter', () => {
    const raw: ReceivedMessage = {
      headers: {
        get: () => {
          throw new Error("'header' ' ' is not a valid character in a header name");
        },
      },
      seq: 7,
      info: { stream: 'ALERTS', deliveryCount: 1 },
      working: () => undefined,
    };
    const m = inboundMessage<'canonicalAlerts'>(raw, { alerts: [] }, 'alerts');
    assert.equal(m.msgId, 'ALERTS:7');
    assert.match(m.correlationId, UUID);
    assert.match(m.traceparent, TRACEPARENT);
  });

  it('passes working() on to the message', () => {
    const { raw, workingCalls } = received(undefined);
    inboundMessage<'canonicalAlerts'>(raw, { alerts: [] }, 'alerts').working();
    assert.equal(workingCalls(), 1);
  });

  it('is redelivered when the server handed it out before or this process hands it over again', () => {
    const cases: Array<[string, number, boolean, boolean]> = [
      ['first delivery', 1, false, false],
      ['a redelivery by the server', 2, false, true],
      ['handed over again after its batch failed', 1, true, true],
    ];
    for (const [name, deliveryCount, handedAgain, expected] of cases) {
      const raw: ReceivedMessage = { seq: 1, info: { stream: 'ALERTS', deliveryCount }, working: () => undefined };
      assert.equal(inboundMessage<'canonicalAlerts'>(raw, { alerts: [] }, 's', handedAgain).redelivered, expected, name);
    }
  });
});

