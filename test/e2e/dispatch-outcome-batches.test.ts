import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DeliveryJob } from '@herald/contracts';
import { DeliveryJobs } from '../support/delivery-jobs.js';
import { TestReceiver } from '../support/receiver.js';
import { HeraldStack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

/*
 * Delivery outcomes travel to DELIVERIES in batches: the attempts recorded together share a
 * message per outcome kind and receiver. A burst of jobs gives fewer messages than outcomes,
 * with every outcome in exactly one of them, under the receiver's own subject.
 */

const JOBS = 120;

describe('dispatch delivery: outcomes published in batches', () => {
  let stack: HeraldStack;
  let jobs: DeliveryJobs;
  const quick = new TestReceiver(() => ({ status: 200 }));
  const refusing = new TestReceiver(() => ({ status: 400 }));

  before(async () => {
    await quick.start();
    await refusing.start();
    stack = await HeraldStack.start({
      services: ['dispatch'],
      env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8', DISPATCH_CONCURRENCY: '32', DISPATCH_RECEIVER_CONCURRENCY: '16' },
      config: `
dispatch:
  receivers:
    - id: quick
      name: Quick endpoint
      channel: webhook
      settings: { url: "${quick.url('/quick')}" }
    - id: refusing
      name: Refusing endpoint
      channel: webhook
      settings: { url: "${refusing.url('/refusing')}" }
`,
    });
    jobs = await DeliveryJobs.connect(stack);
  });

  after(async () => {
    await jobs?.close();
    await stack?.stop();
    await stack?.cleanup();
    await quick.stop();
    await refusing.stop();
  });

  it('publishes a burst of outcomes in fewer messages, each outcome once, one outcome kind and receiver a message', async (t) => {
    const sent: DeliveryJob[] = [];
    for (let i = 0; i < JOBS; i += 1) sent.push(jobs.job(i % 4 === 0 ? 'refusing' : 'quick'));
    await Promise.all(sent.map((job) => jobs.publish(job)));

    await waitFor(async () => (await jobs.outcomes()).length >= JOBS, `${JOBS} outcomes on DELIVERIES`, 30_000);
    const outcomes = await jobs.outcomes();
    assert.equal(outcomes.length, JOBS, 'no outcome twice');
    assert.deepEqual(new Set(outcomes.map((o) => o.jobId)), new Set(sent.map((j) => j.id)));
    for (const o of outcomes) assert.equal(o.outcome, o.receiverId === 'quick' ? 'delivered' : 'failed', o.id);
    for (const job of sent) assert.equal((await jobs.delivery(job.id))?.outcome_published, true, `${job.id} recorded as published`);

    const messages = await jobs.published('DELIVERIES');
    t.diagnostic(`${JOBS} outcomes in ${messages} DELIVERIES messages`);
    assert.ok(messages < JOBS, `${JOBS} outcomes in ${messages} messages`);
    assert.deepEqual(
      new Set((await jobs.deliveriesMessages()).map((m) => m.subjectTail + ':' + [...new Set(m.outcomes.map((o) => `${o.outcome}.${o.receiverId}`))].join())),
      new Set(['delivered.quick:delivered.quick', 'failed.refusing:failed.refusing']),
      'every message holds outcomes of its own subject only',
    );
  });
});
