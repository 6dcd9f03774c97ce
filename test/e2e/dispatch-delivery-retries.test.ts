import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DeliveryJobs } from '../support/delivery-jobs.js';
import { TestReceiver, type ReceivedRequest } from '../support/receiver.js';
import { HeraldStack, metricValue } from '../support/stack.js';
import { sleep, waitFor } from '../support/wait.js';

/*
 * The sender against real HTTP receivers scripted to fail in each way the policy knows:
 * attempt times follow the retry policy, Retry-After is honoured, 410 disables the
 * receiver, a hang ends at the timeout, a circuit opens, a rate limit holds jobs back,
 * and a hanging receiver does not hold up another.
 */

const TIMEOUT_MS = 2_000;
/** Policy delays: 200, 400, 800 ms (exponential, no jitter), then dead after 3 retries. */
const RETRY = '{ kind: exponential, initialDelayMs: 200, multiplier: 2, maxDelayMs: 5000, maxAttempts: 3, jitter: 0 }';
/** Scheduling slack: a nak'ed message may come back a little early by the clock of another process. */
const SLACK_MS = 30;

const byJob = (receiver: TestReceiver, jobId: string): ReceivedRequest[] => receiver.requests.filter((r) => r.headers['webhook-id'] === jobId);
const gaps = (requests: readonly ReceivedRequest[]): number[] => requests.slice(1).map((r, i) => r.at - requests[i]!.at);

describe('dispatch delivery: retries, Retry-After, 410, timeouts, circuit, isolation', () => {
  let stack: HeraldStack;
  let jobs: DeliveryJobs;
  const failing = new TestReceiver(() => ({ status: 500 }));
  const retryAfter = new TestReceiver((_r, i) => (i === 0 ? { status: 503, headers: { 'retry-after': '1' } } : { status: 200 }));
  const tooMany = new TestReceiver((_r, i) => (i < 2 ? { status: 429 } : { status: 204 }));
  const gone = new TestReceiver(() => ({ status: 410 }));
  const hangsOnce = new TestReceiver((_r, i) => (i === 0 ? { status: 200, hang: true } : { status: 200 }));
  const broken = new TestReceiver(() => ({ status: 503 }));
  const hanging = new TestReceiver(() => ({ status: 200, hang: true }));
  const fast = new TestReceiver(() => ({ status: 200 }));
  const limited = new TestReceiver(() => ({ status: 200 }));
  const keepsFailing = new TestReceiver(() => ({ status: 502 }));
  const probed = new TestReceiver(() => ({ status: 503 }));
  const throttles = new TestReceiver((_r, i) => (i === 0 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 200 }));
  const receivers = [failing, retryAfter, tooMany, gone, hangsOnce, broken, hanging, fast, limited, keepsFailing, probed, throttles];

  before(async () => {
    for (const r of receivers) await r.start();
    const hook = (id: string, r: TestReceiver, extra = '') => `
    - id: ${id}
      name: ${id}
      channel: webhook
      settings: { url: "${r.url(`/${id}`)}" }
      retry: ${RETRY}${extra}`;
    stack = await HeraldStack.start({
      services: ['dispatch'],
      env: {
        DISPATCH_ALLOW_CIDRS: '127.0.0.0/8',
        DISPATCH_REQUEST_TIMEOUT_MS: String(TIMEOUT_MS),
        DISPATCH_CONCURRENCY: '4',
        DISPATCH_RECEIVER_CONCURRENCY: '2',
        // Only the receiver that tests the breaker has a low threshold of its own.
        DISPATCH_CIRCUIT_FAILURE_THRESHOLD: '100',
      },
      config: `
dispatch:
  receivers:${hook('failing', failing)}${hook('retry-after', retryAfter)}${hook('too-many', tooMany)}${hook('gone', gone)}${hook('hangs-once', hangsOnce)}${hook(
        'broken',
        broken,
        `
      circuitBreaker: { failureThreshold: 2, cooldownMs: 1500 }`,
      )}${hook('hanging', hanging)}${hook('fast', fast)}${hook(
        'limited',
        limited,
        `
      rateLimit: { perMinute: 2 }`,
      )}
    - id: keeps-failing
      name: keeps-failing
      channel: webhook
      settings: { url: "${keepsFailing.url('/keeps-failing')}" }
      retry: { kind: fixed, initialDelayMs: 300, maxDelayMs: 300, maxAttempts: 10, jitter: 0 }
      disableAfterSeconds: 1${hook(
        'probed',
        probed,
        `
      circuitBreaker: { failureThreshold: 1, cooldownMs: 1500 }`,
      )}${hook(
        'throttles',
        throttles,
        `
      circuitBreaker: { failureThreshold: 1, cooldownMs: 30000 }`,
      )}
`,
    });
    jobs = await DeliveryJobs.connect(stack);
  });

  after(async () => {
    await jobs?.close();
    await stack?.stop();
    await stack?.cleanup();
    for (const r of receivers) await r.stop();
  });

  it('500: retried after the policy delays, then dead after maxAttempts retries; every attempt logged and published', async () => {
    const job = await jobs.send('failing');
    await waitFor(async () => (await jobs.delivery(job.id))?.status === 'dead', 'the job to be dead', 15_000);
    const requests = byJob(failing, job.id);
    assert.equal(requests.length, 4, 'first send + maxAttempts (3) retries');
    const [g1, g2, g3] = gaps(requests);
    assert.ok(g1! >= 200 - SLACK_MS && g2! >= 400 - SLACK_MS && g3! >= 800 - SLACK_MS, `gaps ${gaps(requests).join(', ')} ms follow 200, 400, 800`);
    await sleep(1_200);
    assert.equal(byJob(failing, job.id).length, 4, 'no attempt after the job is dead');

    const attempts = await jobs.attempts(job.id);
    assert.deepEqual(attempts.map((a) => [a.attempt, a.outcome, a.status_code, a.status_class]), [
      [1, 'retrying', 500, '5xx'],
      [2, 'retrying', 500, '5xx'],
      [3, 'retrying', 500, '5xx'],
      [4, 'dead', 500, '5xx'],
    ]);
    assert.equal(attempts[3]!.error_class, 'exhausted');
    for (const a of attempts.slice(0, 3)) {
      assert.ok(a.next_attempt_at && a.next_attempt_at.getTime() > a.attempted_at.getTime(), 'a retry records when it is due');
    }
    assert.equal(attempts[3]!.next_attempt_at, null);
    const request = attempts[0]!.request as { method: string; url: string; headers: Record<string, string>; body: string };
    assert.equal(request.method, 'POST');
    assert.equal(request.url, failing.url('/failing'));
    assert.equal(request.headers['webhook-id'], job.id);
    assert.match(request.body, /"incident\.triggered"/);
    assert.equal(attempts[0]!.response_excerpt, 'ok');
    assert.equal(attempts[0]!.response_headers?.['content-type'], 'text/plain');

    await waitFor(async () => (await jobs.outcomes()).filter((o) => o.jobId === job.id).length === 4, 'four outcomes on DELIVERIES');
    const published = (await jobs.outcomes()).filter((o) => o.jobId === job.id);
    assert.deepEqual(published.map((o) => o.outcome), ['retrying', 'retrying', 'retrying', 'dead']);
    assert.equal((await jobs.delivery(job.id))?.outcome_published, true, 'the row was recorded after its outcome was published, already marked');
    const metrics = await stack.metrics('dispatch');
    assert.ok(metricValue(metrics, 'herald_delivery_retries_scheduled_total', { channel: 'webhook' }) >= 3);
  });

  it('503 with Retry-After: waits as long as the receiver asked, longer than the policy delay', async () => {
    const job = await jobs.send('retry-after');
    await waitFor(async () => (await jobs.delivery(job.id))?.status === 'delivered', 'delivery after Retry-After', 15_000);
    const requests = byJob(retryAfter, job.id);
    assert.equal(requests.length, 2);
    assert.ok(gaps(requests)[0]! >= 1_000 - SLACK_MS, `gap ${gaps(requests)[0]} ms honours Retry-After: 1`);
    const attempts = await jobs.attempts(job.id);
    assert.deepEqual(attempts.map((a) => [a.outcome, a.status_code]), [['retrying', 503], ['delivered', 200]]);
    assert.equal(attempts[0]!.response_headers?.['retry-after'], '1');
  });

  it('429 twice, then recovers: retried with the policy delays and delivered on the third attempt', async () => {
    const job = await jobs.send('too-many');
    await waitFor(async () => (await jobs.delivery(job.id))?.status === 'delivered', 'delivery after two 429s', 15_000);
    const requests = byJob(tooMany, job.id);
    assert.equal(requests.length, 3);
    const [g1, g2] = gaps(requests);
    assert.ok(g1! >= 200 - SLACK_MS && g2! >= 400 - SLACK_MS, `gaps ${gaps(requests).join(', ')}`);
    assert.deepEqual((await jobs.attempts(job.id)).map((a) => a.status_class), ['4xx', '4xx', '2xx']);
  });

  it('410: fails at once and disables the receiver, which then gets nothing more', async () => {
    const first = await jobs.send('gone');
    await waitFor(async () => (await jobs.delivery(first.id))?.status === 'failed', 'the 410 to fail the job');
    const [attempt] = await jobs.attempts(first.id);
    assert.equal(attempt!.status_code, 410);
    assert.equal(attempt!.error_class, 'gone');
    assert.match(attempt!.error_detail ?? '', /receiver disabled/);
    const state = await jobs.query<{ disabled_reason: string; disabled_at: Date }>("SELECT * FROM $schema.receiver_state WHERE receiver_id = 'gone'");
    assert.equal(state[0]?.disabled_reason, 'gone');

    const second = await jobs.send('gone');
    await waitFor(async () => (await jobs.delivery(second.id))?.status === 'failed', 'the next job to fail without a send');
    assert.equal((await jobs.attempts(second.id))[0]!.error_class, 'receiver_disabled');
    assert.equal(gone.requests.length, 1, 'nothing sent to a disabled receiver');
    const metrics = await stack.metrics('dispatch');
    assert.equal(metricValue(metrics, 'herald_receiver_disablements_total', { reason: 'gone' }), 1);
    assert.equal(metricValue(metrics, 'herald_receivers_disabled'), 1);
  });

  it('a receiver failing without a break for its disable period is disabled, and the job stops retrying', async () => {
    const job = await jobs.send('keeps-failing');
    await waitFor(async () => (await jobs.delivery(job.id))?.status === 'failed', 'the receiver to be disabled', 15_000);
    const attempts = await jobs.attempts(job.id);
    const last = attempts.at(-1)!;
    assert.equal(last.error_class, 'receiver_disabled');
    assert.match(last.error_detail ?? '', /failing without a break since/);
    assert.ok(last.attempted_at.getTime() - attempts[0]!.attempted_at.getTime() >= 1_000 - SLACK_MS, 'disabled only once the period had passed');
    assert.ok(attempts.length < 11, 'well before the retries ran out');
    const state = await jobs.query<{ disabled_reason: string; failing_since: Date }>("SELECT * FROM $schema.receiver_state WHERE receiver_id = 'keeps-failing'");
    assert.equal(state[0]?.disabled_reason, 'failing');
    const sent = keepsFailing.requests.length;
    const next = await jobs.send('keeps-failing');
    await waitFor(async () => (await jobs.delivery(next.id))?.status === 'failed', 'the next job to fail without a send');
    assert.equal(keepsFailing.requests.length, sent);
    assert.equal(metricValue(await stack.metrics('dispatch'), 'herald_receiver_disablements_total', { reason: 'failing' }), 1);
  });

  it('a request that hangs ends at the timeout and is retried after the policy delay; the retry succeeds', async () => {
    const job = await jobs.send('hangs-once');
    await waitFor(async () => (await jobs.delivery(job.id))?.status === 'delivered', 'delivery after a timeout', 15_000);
    const requests = byJob(hangsOnce, job.id);
    assert.equal(requests.length, 2);
    assert.ok(gaps(requests)[0]! >= TIMEOUT_MS + 200 - SLACK_MS, `gap ${gaps(requests)[0]} ms = timeout + policy delay`);
    const attempts = await jobs.attempts(job.id);
    assert.deepEqual(attempts.map((a) => [a.outcome, a.status_class, a.error_class]), [['retrying', 'timeout', 'timeout'], ['delivered', '2xx', null]]);
    assert.ok(attempts[0]!.duration_ms >= TIMEOUT_MS - SLACK_MS);
  });

  it('the circuit opens after the receiver’s threshold and holds retries back for the cooldown, then a probe goes through', async () => {
    const job = await jobs.send('broken');
    await waitFor(() => byJob(broken, job.id).length >= 3, 'a probe after the cooldown', 15_000);
    broken.respondWith(() => ({ status: 200 }));
    await waitFor(async () => (await jobs.delivery(job.id))?.status === 'delivered', 'delivery once the receiver recovered', 15_000);
    const [g1, g2] = gaps(byJob(broken, job.id));
    assert.ok(g1! >= 200 - SLACK_MS && g1! < 1_500, `the second attempt follows the policy (${g1} ms)`);
    assert.ok(g2! >= 1_500 - SLACK_MS, `the open circuit held the third attempt for its cooldown (${g2} ms), not the policy's 400 ms`);
    const metrics = await stack.metrics('dispatch');
    assert.ok(metricValue(metrics, 'herald_delivery_circuit_transitions_total', { to: 'open' }) >= 1);
    assert.ok(metricValue(metrics, 'herald_delivery_deferred_total', { reason: 'circuit_open' }) >= 1);
  });

  it('a hanging receiver does not delay another: the second receiver is served while the first still hangs', async () => {
    // Eight jobs for a receiver that never answers: without isolation they would take all four of the
    // consumer's slots until the timeout; with a cap of two per receiver the other slots stay free.
    for (let i = 0; i < 8; i += 1) await jobs.send('hanging');
    await hanging.waitForCount(2);
    const firstHang = hanging.requests[0]!.at;
    const quick = [await jobs.send('fast'), await jobs.send('fast'), await jobs.send('fast')];
    await fast.waitForCount(3);
    const served = Math.max(...fast.requests.map((r) => r.at));
    assert.ok(served < firstHang + TIMEOUT_MS, `the other receiver got all three (last after ${served - firstHang} ms) before the first hung request timed out`);
    const hungAtOnce = hanging.requests.filter((r) => r.at < firstHang + TIMEOUT_MS).length;
    assert.ok(hungAtOnce <= 2, `at most the per-receiver cap of requests hung at once (${hungAtOnce})`);
    for (const job of quick) await waitFor(async () => (await jobs.delivery(job.id))?.status === 'delivered', 'the fast jobs to be logged');
    assert.ok(metricValue(await stack.metrics('dispatch'), 'herald_delivery_deferred_total', { reason: 'concurrency' }) >= 1);
  });

  it('rate limit: jobs beyond the per-minute limit wait for the next minute instead of being sent or dropped', async () => {
    // Start well inside a clock minute, so the first two share one.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 52_000) await sleep(60_000 - intoMinute + 100);
    const sent = [await jobs.send('limited'), await jobs.send('limited'), await jobs.send('limited')];
    await limited.waitForCount(2);
    await waitFor(async () => metricValue(await stack.metrics('dispatch'), 'herald_delivery_deferred_total', { reason: 'rate_limit' }) >= 1, 'the third to be held');
    const minuteOf = (t: number) => Math.floor(t / 60_000);
    const sameMinute = limited.requests.filter((r) => minuteOf(r.at) === minuteOf(limited.requests[0]!.at));
    assert.ok(sameMinute.length <= 2, 'never more than the limit within one clock minute');
    const statuses = await Promise.all(sent.map((j) => jobs.delivery(j.id)));
    const waiting = statuses.filter((s) => s === undefined || s.status !== 'delivered');
    // Held back without an attempt (nothing recorded as failed), or already sent in the next minute.
    for (const s of waiting) assert.ok(s === undefined, 'a held job has no failed attempt');
    if (limited.requests.length === 3) assert.ok(minuteOf(limited.requests[2]!.at) > minuteOf(limited.requests[0]!.at));
  });

  it('a half-open probe that succeeds releases the jobs held behind it at once, not when the probe would be presumed lost', async () => {
    const first = await jobs.send('probed');
    await waitFor(async () => (await jobs.delivery(first.id))?.status === 'retrying', 'the 503 to open the circuit');
    const held = [];
    for (let i = 0; i < 5; i += 1) held.push(await jobs.send('probed'));
    // The next request after the cooldown is the probe: it succeeds, slowly enough that the held jobs come back while it is out.
    const probeIndex = probed.requests.length;
    probed.respondWith((_r, i) => (i === probeIndex ? { status: 200, delayMs: 1_500 } : { status: 200 }));
    for (const job of [first, ...held]) await waitFor(async () => (await jobs.delivery(job.id))?.status === 'delivered', 'every job delivered', 15_000);
    const probe = probed.requests[probeIndex]!;
    const probeAnswered = probe.at + 1_500;
    const last = Math.max(...probed.requests.map((r) => r.at));
    // Before: held until the probe timeout (60 s by default) after the probe started.
    assert.ok(last - probeAnswered < 2_000, `the held jobs went out ${last - probeAnswered} ms after the probe succeeded`);
    const duringProbe = probed.requests.filter((r) => r !== probe && r.at > probe.at && r.at < probeAnswered - SLACK_MS);
    assert.deepEqual(duringProbe, [], 'nothing else was sent while the probe was out');
    assert.ok(metricValue(await stack.metrics('dispatch'), 'herald_delivery_deferred_total', { reason: 'circuit_probe' }) >= 1, 'jobs were held for the probe');
  });

  it('429 with Retry-After pauses that receiver for the time asked without opening its circuit', async () => {
    const first = await jobs.send('throttles');
    await waitFor(async () => (await jobs.delivery(first.id))?.status === 'retrying', 'the 429 to be recorded');
    const others = [await jobs.send('throttles'), await jobs.send('throttles')];
    for (const job of [first, ...others]) await waitFor(async () => (await jobs.delivery(job.id))?.status === 'delivered', 'every job delivered', 15_000);
    const pausedAt = throttles.requests[0]!.at;
    const later = throttles.requests.slice(1).map((r) => r.at - pausedAt);
    assert.equal(later.length, 3, 'the 429 job once more and the two others, each once');
    for (const gap of later) assert.ok(gap >= 2_000 - SLACK_MS, `nothing was sent during the pause asked for (${later.join(', ')} ms)`);
    // With the circuit opened (threshold 1) they would have waited for its 30 s cooldown.
    for (const gap of later) assert.ok(gap < 6_000, `sent soon after the pause (${later.join(', ')} ms)`);
    const state = await jobs.query<{ circuit_status: string }>("SELECT circuit_status FROM $schema.receiver_state WHERE receiver_id = 'throttles'");
    assert.ok(state.every((s) => s.circuit_status === 'closed'), `the circuit stayed closed (${JSON.stringify(state)})`);
    assert.ok(metricValue(await stack.metrics('dispatch'), 'herald_delivery_deferred_total', { reason: 'retry_after' }) >= 2, 'the other jobs were held for the pause');
  });
});
