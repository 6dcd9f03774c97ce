import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import type { DeliveryJob } from '@herald/contracts';
import { dropSchema, openDataSource } from '@herald/persistence';
import { message } from '../../routing/domain/incident-message.fixture.js';
import { DELIVERY_MIGRATIONS } from '../delivery.migrations.js';
import type { RequestRecord } from '../domain/request-record.js';
import { DeliveryLog } from '../log/delivery-log.js';
import { RateLimiter } from './rate-limiter.js';
import { ReceiverHealth } from './receiver-health.js';

/* The delivery engine's tables on a real PostgreSQL, in a schema of their own. */

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/herald';
const SCHEMA = `${(process.env.HERALD_TEST_RUN_ID ?? 't').toLowerCase().replace(/[^a-z0-9_]/g, '')}_dstate_${randomBytes(3).toString('hex')}`;
const BREAKER = { failureThreshold: 2, cooldownMs: 1_000, probeTimeoutMs: 5_000 };

const job = (receiverId = 'ops-hook'): DeliveryJob => {
  const m = message();
  const event = { ...m.event, id: randomUUID() };
  return { id: `${event.id}.${receiverId}`, receiverId, channel: 'webhook', createdAt: new Date().toISOString(), message: { ...m, event } };
};

describe('delivery state in PostgreSQL', () => {
  let ds: DataSource;
  const healths: ReceiverHealth[] = [];
  const health = async (): Promise<ReceiverHealth> => {
    const h = new ReceiverHealth(ds, { databaseUrl: DATABASE_URL, channel: `${SCHEMA}_receiver_state`, refreshMs: 60_000 }, pino({ level: 'silent' }));
    await h.onModuleInit();
    healths.push(h);
    return h;
  };

  before(async () => {
    ds = await openDataSource({ url: DATABASE_URL, schema: SCHEMA, poolSize: 4, migrations: DELIVERY_MIGRATIONS, applicationName: 'dispatch-state-test' });
  });

  after(async () => {
    for (const h of healths) await h.onApplicationShutdown();
    await ds?.destroy();
    await dropSchema(DATABASE_URL, SCHEMA);
  });

  describe('DeliveryLog', () => {
    it('records attempts, moves the job to its latest outcome, and counts attempts', async () => {
      const log = new DeliveryLog(ds);
      const j = job();
      assert.equal(await log.job(j.id), undefined);
      const at = new Date();
      assert.equal(
        await log.record(j, {
          attempt: 1,
          outcome: 'retrying',
          statusClass: '5xx',
          statusCode: 503,
          errorClass: 'exhausted',
          request: { kind: 'http', method: 'POST', url: 'https://x', headers: { authorization: '[redacted]' }, body: '{}', bodyBytes: 2, truncated: false },
          responseHeaders: { 'retry-after': '1' },
          responseExcerpt: 'busy',
          durationMs: 12.5,
          attemptedAt: at,
          nextAttemptAt: new Date(at.getTime() + 1_000),
        }),
        true,
      );
      assert.deepEqual(await log.job(j.id), { status: 'retrying', attempts: 1, outcomePublished: false });
      await log.markPublished(j.id, 1);
      assert.equal((await log.job(j.id))?.outcomePublished, true);
      // Recorded after its outcome was published: written once, already marked.
      await log.record(j, { attempt: 2, outcome: 'delivered', statusClass: '2xx', statusCode: 200, durationMs: 3, attemptedAt: new Date() }, true);
      assert.deepEqual(await log.job(j.id), { status: 'delivered', attempts: 2, outcomePublished: true });
      const rows: Array<Record<string, unknown>> = await ds.query('SELECT * FROM delivery_attempts WHERE job_id = $1 ORDER BY attempt', [j.id]);
      assert.equal(rows.length, 2);
      assert.equal(rows[0]!['id'], `${j.id}.1`);
      assert.equal(rows[0]!['status_code'], 503);
      assert.deepEqual(rows[0]!['response_headers'], { 'retry-after': '1' });
      assert.equal((rows[0]!['request'] as { headers: Record<string, string> }).headers['authorization'], '[redacted]');
      assert.ok(rows[0]!['next_attempt_at'] instanceof Date);
      const stored: Array<{ job: DeliveryJob | null; job_created_at: Date }> = await ds.query('SELECT job, job_created_at FROM deliveries WHERE job_id = $1', [j.id]);
      assert.equal(stored[0]!.job, null, 'the job itself lives in notification_log, not copied per delivery');
      assert.equal(stored[0]!.job_created_at.toISOString(), new Date(j.createdAt).toISOString());
    });

    it('records two attempts of one job submitted together (one statement cannot write a job twice: they go one after the other)', async () => {
      const log = new DeliveryLog(ds);
      const j = job();
      const at = new Date();
      const [first, second, other] = await Promise.all([
        log.record(j, { attempt: 1, outcome: 'retrying', statusClass: '5xx', statusCode: 503, durationMs: 1, attemptedAt: at }),
        log.record(j, { attempt: 2, outcome: 'delivered', statusClass: '2xx', statusCode: 200, durationMs: 1, attemptedAt: at }),
        log.record(job(), { attempt: 1, outcome: 'delivered', statusClass: '2xx', statusCode: 200, durationMs: 1, attemptedAt: at }),
      ]);
      assert.deepEqual([first, second, other], [true, true, true]);
      assert.deepEqual(await log.job(j.id), { status: 'delivered', attempts: 2, outcomePublished: false });
      const rows: Array<{ attempt: number }> = await ds.query('SELECT attempt FROM delivery_attempts WHERE job_id = $1 ORDER BY attempt', [j.id]);
      assert.deepEqual(rows.map((r) => r.attempt), [1, 2]);
    });

    it('stores each request as it was sent, the bodies of a group commit packed beside the rows', async () => {
      const log = new DeliveryLog(ds);
      const http = (body: string): RequestRecord => ({ kind: 'http', method: 'POST', url: 'https://hooks.example/x', headers: { 'content-type': 'application/json' }, body, bodyBytes: Buffer.byteLength(body), truncated: false });
      const email: RequestRecord = { kind: 'email', from: 'herald@example.com', to: ['ops@example.com'], subject: 'Disk full', text: 'on "db-1"\n', truncated: false };
      const cases: ReadonlyArray<{ name: string; request: RequestRecord | undefined; stored: unknown }> = [
        { name: 'a JSON body: quotes, backslashes, newlines', request: http('{"summary":"say \\"hi\\"","path":"C:\\\\tmp"}\n'), stored: http('{"summary":"say \\"hi\\"","path":"C:\\\\tmp"}\n') },
        { name: 'non-ASCII text: bytes, not UTF-16 units', request: http('Disk füll — ☃ 😀'), stored: http('Disk füll — ☃ 😀') },
        { name: 'an empty body', request: http(''), stored: http('') },
        { name: 'NUL and a lone surrogate: made storable', request: http('a\u0000b\ud800c'), stored: { ...http('a\uFFFDb\uFFFDc'), bodyBytes: Buffer.byteLength('a\u0000b\ud800c') } },
        { name: 'an e-mail: no body to pack', request: email, stored: email },
        { name: 'no request (the attempt never rendered one)', request: undefined, stored: null },
      ];
      const jobs = cases.map(() => job());
      const at = new Date();
      const recorded = await Promise.all(
        cases.map((c, i) => log.record(jobs[i]!, { attempt: 1, outcome: 'delivered', statusClass: '2xx', statusCode: 200, durationMs: 1, attemptedAt: at, ...(c.request ? { request: c.request } : {}) })),
      );
      assert.deepEqual(recorded, cases.map(() => true));
      const rows: Array<{ job_id: string; request: unknown }> = await ds.query('SELECT job_id, request FROM delivery_attempts WHERE job_id = ANY($1)', [jobs.map((j) => j.id)]);
      const byJob = new Map(rows.map((r) => [r.job_id, r.request]));
      cases.forEach((c, i) => assert.deepEqual(byJob.get(jobs[i]!.id), c.stored, c.name));
    });

    it('records an attempt once: a second writer of the same attempt changes nothing', async () => {
      const log = new DeliveryLog(ds);
      const j = job();
      const a = { attempt: 1, outcome: 'delivered' as const, statusClass: '2xx' as const, durationMs: 1, attemptedAt: new Date() };
      assert.equal(await log.record(j, a), true);
      assert.equal(await log.record(j, { ...a, outcome: 'failed' }), false);
      assert.equal((await log.job(j.id))?.status, 'delivered');
    });

    it('gives back the last attempt as the DeliveryOutcome to publish again', async () => {
      const log = new DeliveryLog(ds);
      const j = job();
      const at = new Date('2026-03-01T12:00:00.000Z');
      await log.record(j, { attempt: 1, outcome: 'dead', statusClass: 'timeout', errorClass: 'timeout', durationMs: 1000, attemptedAt: at });
      const outcome = await log.lastOutcome(j);
      assert.deepEqual(outcome, {
        id: `${j.id}.1`,
        jobId: j.id,
        receiverId: j.receiverId,
        channel: 'webhook',
        outcome: 'dead',
        attempt: 1,
        statusClass: 'timeout',
        durationMs: 1000,
        errorClass: 'timeout',
        incidentId: j.message.event.incidentId,
        eventId: j.message.event.id,
        eventType: j.message.event.type,
        attemptedAt: at.toISOString(),
      });
    });

    it('prunes old attempts and finished jobs, never a job still retrying', async () => {
      const log = new DeliveryLog(ds);
      const old = new Date(Date.now() - 40 * 86_400_000);
      const done = job();
      const pending = job();
      await log.record(done, { attempt: 1, outcome: 'delivered', statusClass: '2xx', durationMs: 1, attemptedAt: old });
      await log.record(pending, { attempt: 1, outcome: 'retrying', statusClass: '5xx', durationMs: 1, attemptedAt: old });
      while ((await log.prune(new Date(Date.now() - 30 * 86_400_000), 100)) > 0);
      assert.equal(await log.job(done.id), undefined);
      assert.equal((await log.job(pending.id))?.status, 'retrying');
    });
  });

  describe('ReceiverHealth', () => {
    it('opens the circuit after the threshold, persists it, and a restart resumes it', async () => {
      const h = await health();
      const t0 = Date.now();
      assert.equal(await h.recordResult('flaky', 'recoverable_failure', t0, BREAKER), t0);
      await h.recordResult('flaky', 'recoverable_failure', t0 + 10, BREAKER);
      assert.equal(h.view('flaky').circuit, 'open');
      assert.equal(h.check('flaky', t0 + 500, BREAKER).allowed, false);
      const rows: Array<{ circuit_status: string; failing_since: Date }> = await ds.query("SELECT * FROM receiver_state WHERE receiver_id = 'flaky'");
      assert.equal(rows[0]!.circuit_status, 'open');
      assert.equal(rows[0]!.failing_since.getTime(), t0);
      const restarted = await health();
      assert.equal(restarted.view('flaky').circuit, 'open');
      assert.equal(restarted.view('flaky').failingSince?.getTime(), t0);
      // After the cooldown one probe goes through; a success closes the circuit and ends the failing run.
      const probe = restarted.admit('flaky', t0 + 1_100, BREAKER);
      assert.equal(probe.allowed, true);
      assert.equal(restarted.admit('flaky', t0 + 1_100, BREAKER).allowed, false, 'only one probe while half-open');
      assert.equal(await restarted.recordResult('flaky', 'success', t0 + 1_200, BREAKER), undefined);
      assert.equal(restarted.view('flaky').circuit, 'closed');
    });

    it('a disable is persisted, reaches another replica by NOTIFY, and a reset clears it everywhere', async () => {
      const a = await health();
      const b = await health();
      const changes: string[] = [];
      a.observe((c) => changes.push(c.kind));
      assert.equal(await a.disable('gone-hook', 'gone', 'answered 410', new Date()), true);
      assert.equal(await a.disable('gone-hook', 'gone', 'answered 410', new Date()), false, 'already disabled');
      assert.ok(changes.includes('disabled'));
      assert.equal(a.isDisabled('gone-hook'), true);
      await waitUntil(() => b.isDisabled('gone-hook'));
      assert.equal(b.view('gone-hook').disabled?.reason, 'gone');
      assert.equal(b.disabledCount() >= 1, true);
      await b.reset('gone-hook');
      assert.equal(b.isDisabled('gone-hook'), false);
      await waitUntil(() => !a.isDisabled('gone-hook'));
      const rows: unknown[] = await ds.query("SELECT 1 FROM receiver_state WHERE receiver_id = 'gone-hook'");
      assert.equal(rows.length, 0);
    });
  });

  describe('RateLimiter', () => {
    it('admits up to the limit per window and tells the rest when the window ends', async () => {
      const limiter = new RateLimiter(ds);
      const minute = Math.floor(Date.now() / 60_000) * 60_000;
      const now = minute + 10_000;
      const decisions = [];
      for (let i = 0; i < 4; i += 1) decisions.push(await limiter.take('limited', { perMinute: 3 }, now));
      assert.deepEqual(decisions.map((d) => d.allowed), [true, true, true, false]);
      const refused = decisions[3]!;
      assert.ok(!refused.allowed && refused.retryInMs === 50_000);
      assert.equal((await limiter.take('limited', { perMinute: 3 }, minute + 60_000)).allowed, true, 'the next minute has room');
      assert.equal((await limiter.take('other', { perMinute: 3 }, now)).allowed, true, 'receivers are counted apart');
    });

    it('concurrent takes never exceed the limit (row lock)', async () => {
      const limiter = new RateLimiter(ds);
      const now = Math.floor(Date.now() / 3_600_000) * 3_600_000 + 1_000;
      const results = await Promise.all(Array.from({ length: 10 }, () => limiter.take('racy', { perHour: 4 }, now)));
      assert.equal(results.filter((r) => r.allowed).length, 4);
    });
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
