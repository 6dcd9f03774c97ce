import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { MESSAGES, type DeliveryJob, type DeliveryOutcomeKind, type MessageKind, type Payload } from '@herald/contracts';
import type { JetStreamClient } from '@herald/messaging';
import { message } from '../routing/domain/incident-message.fixture.js';
import { outcomeOf, type AttemptRecord, type DeliveryLog } from './log/delivery-log.js';
import { OutcomeRecorder } from './outcome-recorder.js';

type PubAck = Awaited<ReturnType<JetStreamClient['publishEvent']>>;

const job = (receiverId: string): DeliveryJob => {
  const m = message();
  const event = { ...m.event, id: randomUUID() };
  return { id: `${event.id}.${receiverId}`, receiverId, channel: 'webhook', createdAt: new Date().toISOString(), message: { ...m, event } };
};
const attempt = (outcome: DeliveryOutcomeKind, n = 1): AttemptRecord => ({
  attempt: n,
  outcome,
  statusClass: outcome === 'delivered' ? '2xx' : '5xx',
  durationMs: 5,
  attemptedAt: new Date(),
});

/** A broker and a delivery log in memory, writing down what happens in order. */
function harness(options: { refuseSubjects?: ReadonlySet<string>; refuseRows?: ReadonlySet<string>; recordedBefore?: ReadonlySet<string> } = {}) {
  const events: string[] = [];
  const messages: Array<{ subject: string; id: string; outcomeIds: string[] }> = [];
  const rows = new Map<string, boolean>();
  const client: Pick<JetStreamClient, 'publishEvent'> = {
    publishEvent: async <K extends MessageKind>(kind: K, payload: Payload<K>): Promise<PubAck> => {
      assert.equal(kind, 'deliveryOutcomes');
      const p = payload as Payload<'deliveryOutcomes'>;
      const subject = MESSAGES.deliveryOutcomes.subject(p);
      await Promise.resolve();
      if (options.refuseSubjects?.has(subject)) {
        events.push(`refused ${subject}`);
        throw new Error(`no stream for ${subject}`);
      }
      events.push(`published ${subject}`);
      messages.push({ subject, id: MESSAGES.deliveryOutcomes.id(p), outcomeIds: p.outcomes.map((o) => o.id) });
      return { stream: 'DELIVERIES', seq: messages.length, duplicate: false };
    },
  };
  const log: Pick<DeliveryLog, 'record'> = {
    record: async (j: DeliveryJob, a: AttemptRecord, outcomePublished = false): Promise<boolean> => {
      await Promise.resolve();
      if (options.refuseRows?.has(j.id)) throw new Error(`row of ${j.id} refused`);
      events.push(`recorded ${j.receiverId}`);
      rows.set(`${j.id}.${a.attempt}`, outcomePublished);
      return !options.recordedBefore?.has(j.id);
    },
  };
  return { recorder: new OutcomeRecorder(client, log), events, messages, rows };
}

describe('OutcomeRecorder', () => {
  it('publishes the attempts in flight as one message per outcome kind and receiver, then records them as published', async () => {
    const h = harness();
    const jobs = [job('a'), job('a'), job('b'), job('a')];
    const kinds: DeliveryOutcomeKind[] = ['delivered', 'delivered', 'delivered', 'retrying'];
    const results = await Promise.all(jobs.map((j, i) => h.recorder.record(j, attempt(kinds[i]!))));
    assert.deepEqual(results, [true, true, true, true]);
    assert.deepEqual(
      h.messages.map((m) => [m.subject, m.outcomeIds]),
      [
        ['deliveries.delivered.a', [`${jobs[0]!.id}.1`, `${jobs[1]!.id}.1`]],
        ['deliveries.delivered.b', [`${jobs[2]!.id}.1`]],
        ['deliveries.retrying.a', [`${jobs[3]!.id}.1`]],
      ],
    );
    // A batch of one keeps its outcome's id; a larger one gets an id derived from its outcomes.
    assert.equal(h.messages[1]!.id, `${jobs[2]!.id}.1`);
    assert.match(h.messages[0]!.id, /^outcomes\.2\./);
    // Every outcome is published before any row is written.
    assert.equal(h.events.findLastIndex((e) => e.startsWith('published')) < h.events.findIndex((e) => e.startsWith('recorded')), true);
    assert.deepEqual([...h.rows.values()], [true, true, true, true]);
  });

  it('records the outcomes of a refused message as unpublished and gives their callers the error; the others are settled', async () => {
    const h = harness({ refuseSubjects: new Set(['deliveries.dead.b']) });
    const [ok, refused] = [job('a'), job('b')];
    const results = await Promise.allSettled([h.recorder.record(ok, attempt('delivered')), h.recorder.record(refused, attempt('dead', 3))]);
    assert.deepEqual(results[0], { status: 'fulfilled', value: true });
    const refusal = results[1];
    assert.ok(refusal.status === 'rejected');
    assert.match(String(refusal.reason), /no stream for deliveries\.dead\.b/);
    // The row is written all the same, saying the outcome still has to be published (the job's next delivery does it).
    assert.equal(h.rows.get(`${ok.id}.1`), true);
    assert.equal(h.rows.get(`${refused.id}.3`), false);
  });

  it('fails only the attempt whose row the database refused (its outcome went out first, as before)', async () => {
    const bad = job('a');
    const h = harness({ refuseRows: new Set([bad.id]) });
    const good = job('a');
    const results = await Promise.allSettled([h.recorder.record(bad, attempt('delivered')), h.recorder.record(good, attempt('delivered'))]);
    assert.equal(results[0].status, 'rejected');
    assert.deepEqual(results[1], { status: 'fulfilled', value: true });
    assert.deepEqual(h.messages[0]!.outcomeIds, [`${bad.id}.1`, `${good.id}.1`]);
    assert.equal(h.rows.has(`${bad.id}.1`), false);
  });

  it('answers false for an attempt recorded before (a concurrent delivery of the job)', async () => {
    const j = job('a');
    const h = harness({ recordedBefore: new Set([j.id]) });
    assert.equal(await h.recorder.record(j, attempt('delivered')), false);
  });

  it('republishes a recorded outcome as a message of its own under the outcome id', async () => {
    const h = harness();
    const j = job('a');
    await h.recorder.publish(outcomeOf(j, attempt('retrying', 2)));
    assert.deepEqual(h.messages, [{ subject: 'deliveries.retrying.a', id: `${j.id}.2`, outcomeIds: [`${j.id}.2`] }]);
    assert.equal(h.rows.size, 0);
  });
});
