import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CanonicalAlert } from '@herald/contracts';
import { classifyFailure, type InboundMessage } from '@herald/messaging';
import type { BatchItem, IncidentCommands } from './incident-commands.js';
import { RecordAlertsConsumer } from './record-alerts.consumer.js';

const alert = (id: string, dedupKey = id): CanonicalAlert =>
  ({ id, dedupKey, source: 'alertmanager', receivedAt: '2026-01-01T00:00:00.000Z' }) as CanonicalAlert;

function message(...alerts: CanonicalAlert[]): InboundMessage<'canonicalAlerts'> {
  return {
    data: { alerts },
    subject: 'alerts.normalised.alertmanager',
    msgId: `m-${alerts.map((a) => a.id).join('')}`,
    correlationId: 'corr',
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    deliveryCount: 1,
    redelivered: false,
    streamSequence: 1,
    working: () => undefined,
  };
}

/** IncidentCommands that records each transaction's alert ids and fails those it is told to. */
function commands(fail: (ids: string[]) => Error | undefined = () => undefined) {
  const transactions: string[][] = [];
  const fake = {
    async executeBatch(items: readonly BatchItem[]) {
      const ids = items.map((i) => i.meta.inboxId!);
      const error = fail(ids);
      if (error) throw error;
      transactions.push(ids);
      return [];
    },
  };
  return { transactions, commands: fake as unknown as IncidentCommands };
}

const sqlError = (code: string): Error => Object.assign(new Error(`sql ${code}`), { code });

describe('RecordAlertsConsumer', () => {
  it('flattens messages into alerts deduplicated by their own ids, committed at most N per transaction', async () => {
    const { transactions, commands: c } = commands();
    await new RecordAlertsConsumer(c, 2).handle([message(alert('a'), alert('b'), alert('c')), message(alert('d'))]);
    assert.deepEqual(transactions, [['a', 'b'], ['c', 'd']]);
  });

  it('carries the message context and the alert time into each command', async () => {
    const seen: BatchItem[] = [];
    const fake = { executeBatch: async (items: readonly BatchItem[]) => (seen.push(...items), []) } as unknown as IncidentCommands;
    await new RecordAlertsConsumer(fake, 100).handle([message(alert('a'))]);
    assert.deepEqual(seen[0]!.meta, { inboxId: 'a', alertReceivedAt: '2026-01-01T00:00:00.000Z', correlationId: 'corr', traceparent: message().traceparent });
  });

  const cases: Array<{ name: string; messages: InboundMessage<'canonicalAlerts'>[]; fail: (ids: string[]) => Error | undefined; recorded: string[][]; error: RegExp; class: string }> = [
    {
      name: 'one message: a bad alert fails alone, its neighbours recorded, the message dead-lettered naming it',
      messages: [message(alert('a'), alert('b'), alert('c'))],
      fail: (ids) => (ids.includes('b') ? sqlError('22P05') : undefined),
      recorded: [['a'], ['c']],
      error: /^1 of 3 alerts failed, the others are recorded; alert b: sql 22P05$/,
      class: 'permanent',
    },
    {
      name: 'one message: an unexpected failure of an alert is retried (counted toward the limit)',
      messages: [message(alert('a'), alert('b'))],
      fail: (ids) => (ids.includes('a') ? new TypeError('bug') : undefined),
      recorded: [['b']],
      error: /alert a: bug/,
      class: 'unexpected',
    },
    {
      name: 'several messages: the error goes to the runner as it is, which retries message by message',
      messages: [message(alert('a')), message(alert('b'), alert('c'))],
      fail: (ids) => (ids.includes('b') ? sqlError('22P05') : undefined),
      recorded: [],
      error: /^sql 22P05$/,
      class: 'permanent',
    },
    {
      name: 'an outage: no walk alert by alert, the message retried whole',
      messages: [message(alert('a'), alert('b'))],
      fail: () => sqlError('08006'),
      recorded: [],
      error: /^sql 08006$/,
      class: 'transient',
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { transactions, commands: fake } = commands(c.fail);
      const error = await new RecordAlertsConsumer(fake, 100).handle(c.messages).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof Error, 'the handler fails');
      assert.match(error.message, c.error);
      assert.equal(classifyFailure(error), c.class);
      assert.deepEqual(transactions, c.recorded);
    });
  }

  it('acks a message whose alerts all pass alone (the batch failed on their combination)', async () => {
    const { transactions, commands: c } = commands((ids) => (ids.length > 1 ? sqlError('23505') : undefined));
    await new RecordAlertsConsumer(c, 100).handle([message(alert('a'), alert('b'))]);
    assert.deepEqual(transactions, [['a'], ['b']]);
  });
});
