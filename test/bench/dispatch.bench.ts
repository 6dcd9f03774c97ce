import { performance } from 'node:perf_hooks';
import type { DeliveryJob } from '@herald/contracts';
import { DeliveryJobs } from '../support/delivery-jobs.js';
import { TestReceiver } from '../support/receiver.js';
import { HeraldStack } from '../support/stack.js';
import { sleep, waitFor } from '../support/wait.js';
import { quantile, round } from './stats.js';

/*
 * Dispatch's sender alone: delivery jobs are published straight onto DISPATCH (as routing
 * would) and delivered to webhook receivers on a local HTTP server that answers 204 at once.
 * Prints one JSON line:
 *  - deliveries_per_second: a burst of BENCH_JOBS jobs over BENCH_RECEIVERS receivers, from
 *    the first publish to the last arrival at the receiver;
 *  - added_latency_ms: jobs published one by one at BENCH_RATE per second (below capacity,
 *    so nothing queues), from the publish call to the request's arrival at the receiver. The
 *    receiver's own time is not in it: arrival is stamped before the receiver answers.
 * Every attempt is rendered, signed, logged in PostgreSQL and published to DELIVERIES, as in
 * production.
 */
const JOBS = Number(process.env.BENCH_JOBS ?? 4_000);
const RECEIVERS = Number(process.env.BENCH_RECEIVERS ?? 4);
const WINDOW = Number(process.env.BENCH_PUBLISH_WINDOW ?? 64);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const LATENCY_JOBS = Number(process.env.BENCH_LATENCY_JOBS ?? 1_000);
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

async function main(): Promise<void> {
  const arrivals = new Map<string, number>();
  const receiver = new TestReceiver((request) => {
    const id = String(request.headers['webhook-id']);
    if (!arrivals.has(id)) arrivals.set(id, performance.timeOrigin + performance.now());
    return { status: 204 };
  });
  await receiver.start();
  const ids = Array.from({ length: RECEIVERS }, (_, i) => `bench-${i}`);
  const stack = await HeraldStack.start({
    services: ['dispatch'],
    env: {
      DISPATCH_ALLOW_CIDRS: '127.0.0.0/8',
      LOG_LEVEL: 'warn',
      ...(process.env.BENCH_RECEIVER_CONCURRENCY ? { DISPATCH_RECEIVER_CONCURRENCY: process.env.BENCH_RECEIVER_CONCURRENCY } : {}),
      ...(process.env.BENCH_DATABASE_POOL_SIZE ? { DATABASE_POOL_SIZE: process.env.BENCH_DATABASE_POOL_SIZE } : {}),
    },
    config: `
dispatch:
  receivers:${ids
    .map(
      (id) => `
    - id: ${id}
      name: ${id}
      channel: webhook
      settings:
        url: "${receiver.url(`/${id}`)}"
        signing: { secrets: [${SECRET}] }`,
    )
    .join('')}
`,
  });
  const jobs = await DeliveryJobs.connect(stack);
  const now = (): number => performance.timeOrigin + performance.now();
  try {
    // Warm-up: connections, JIT, prepared paths.
    const warm: DeliveryJob[] = [];
    for (let i = 0; i < 50; i += 1) warm.push(await jobs.send(ids[i % RECEIVERS]!));
    await waitFor(() => warm.every((j) => arrivals.has(j.id)), 'warm-up deliveries', 60_000);

    // Throughput: a burst.
    const burst = Array.from({ length: JOBS }, (_, i) => jobs.job(ids[i % RECEIVERS]!));
    let next = 0;
    const started = now();
    await Promise.all(
      Array.from({ length: WINDOW }, async () => {
        while (next < burst.length) {
          const job = burst[next]!;
          next += 1;
          await jobs.publish(job);
        }
      }),
    );
    const published = now();
    await waitFor(() => burst.every((j) => arrivals.has(j.id)), 'every burst job to arrive', 600_000, 100);
    const lastArrival = Math.max(...burst.map((j) => arrivals.get(j.id)!));
    const deliveriesPerSecond = JOBS / ((lastArrival - started) / 1_000);
    if (process.env.BENCH_DEBUG) {
      const perSecond = new Map<number, number>();
      for (const j of burst) {
        const sec = Math.floor((arrivals.get(j.id)! - started) / 1_000);
        perSecond.set(sec, (perSecond.get(sec) ?? 0) + 1);
      }
      process.stderr.write(`arrivals per second: ${JSON.stringify([...perSecond.entries()].sort((a, b) => a[0] - b[0]))}\n`);
      const text = await stack.metrics('dispatch');
      process.stderr.write(text.split('\n').filter((l) => /^herald_(delivery_deferral_seconds_bucket.*concurrency|delivery_deferred|messages_processed|message_handling_seconds_(sum|count)|delivery_attempt_duration_seconds_(sum|count))/.test(l)).join('\n') + '\n');
    }

    // Added latency: a steady rate below capacity.
    await sleep(1_000);
    const latencies: number[] = [];
    const steady: Array<{ job: DeliveryJob; at: number }> = [];
    const publishing: Array<Promise<void>> = [];
    const interval = 1_000 / RATE;
    const t0 = now();
    for (let i = 0; i < LATENCY_JOBS; i += 1) {
      const due = t0 + i * interval;
      const wait = due - now();
      if (wait > 0) await sleep(wait);
      const job = jobs.job(ids[i % RECEIVERS]!);
      const at = now();
      steady.push({ job, at });
      publishing.push(jobs.publish(job));
    }
    await Promise.all(publishing);
    await waitFor(() => steady.every((s) => arrivals.has(s.job.id)), 'every steady job to arrive', 120_000, 50);
    for (const s of steady) latencies.push(arrivals.get(s.job.id)! - s.at);
    latencies.sort((a, b) => a - b);

    process.stdout.write(
      `${JSON.stringify({
        bench: 'dispatch',
        receivers: RECEIVERS,
        burst_jobs: JOBS,
        burst_publish_seconds: round((published - started) / 1_000, 2),
        deliveries_per_second: round(deliveriesPerSecond),
        latency_rate_per_second: RATE,
        latency_jobs: LATENCY_JOBS,
        added_latency_ms: {
          p50: round(quantile(latencies, 0.5), 2),
          p95: round(quantile(latencies, 0.95), 2),
          p99: round(quantile(latencies, 0.99), 2),
          max: round(latencies.at(-1)!, 2),
        },
      })}\n`,
    );
  } finally {
    await jobs.close();
    await stack.stop();
    await stack.cleanup();
    await receiver.stop();
  }
}

await main();
