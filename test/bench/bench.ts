import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { alertmanagerWebhook } from '../support/alerts.js';
import { TestReceiver } from '../support/receiver.js';
import { HeraldStack, NATS_URL } from '../support/stack.js';
import { waitFor } from '../support/wait.js';
import { jetstreamCeiling } from './jetstream-ceiling.js';
import { quantile, round } from './stats.js';

/*
 * `npm run bench`: starts the stack, drives N alerts (each a new incident, so each
 * becomes one notification) through it over HTTP, and prints one JSON object.
 * BENCH_ALERTS and BENCH_CONCURRENCY tune the run. The stage benchmarks (ingestion
 * alone, incidents alone, dispatch alone) run after it, each in its own process on a
 * fresh stack, and their figures are nested in the same object; BENCH_STAGES=none
 * skips them.
 */
const ALERTS = Number(process.env.BENCH_ALERTS ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const KEY = 'bench-alertmanager-key-0001';
/** Second phase: alerts sent at a steady rate below saturation, for latency without queueing. */
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 25);
const PACED_ALERTS = Number(process.env.BENCH_PACED_ALERTS ?? 250);

interface Sent {
  start: number;
  accepted: number;
  delivered?: number;
}

async function main(): Promise<void> {
  const sent = new Map<string, Sent>();
  const receiver = new TestReceiver((request) => {
    const body = request.json<{ incident?: { labels?: Record<string, string> } }>();
    const seq = body.incident?.labels?.['bench_seq'];
    const entry = seq ? sent.get(seq) : undefined;
    if (entry && entry.delivered === undefined) entry.delivered = request.at;
    return { status: 204 };
  });
  await receiver.start();
  const stack = await HeraldStack.start({
    env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8', LOG_LEVEL: 'warn' },
    config: `
integrations:
  - id: bench
    name: Benchmark
    source: alertmanager
    key: ${KEY}
    rateLimitPerMinute: 1000000
dispatch:
  receivers:
    - id: bench-webhook
      name: Benchmark receiver
      channel: webhook
      settings:
        url: ${receiver.url('/bench')}
  route:
    receiver: bench-webhook
`,
  });
  try {
    const ceiling = await jetstreamCeiling(NATS_URL, stack.namespace, Math.max(ALERTS, 5_000), CONCURRENCY, 1_024);
    const pool = new Pool(stack.url('ingestion'), { connections: CONCURRENCY, pipelining: 1 });
    const path = '/v1/webhooks/bench';
    // Warm up connections and JIT with a few alerts that are not measured.
    for (let i = 0; i < 20; i += 1) await post(pool, path, `warm-${i}`);
    let next = 0;
    const started = performance.now();
    const startedWall = Date.now();
    const worker = async (): Promise<void> => {
      while (next < ALERTS) {
        const seq = String(next);
        next += 1;
        const entry: Sent = { start: Date.now(), accepted: 0 };
        sent.set(seq, entry);
        await post(pool, path, seq);
        entry.accepted = Date.now();
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const acceptedSeconds = (performance.now() - started) / 1_000;
    await waitFor(() => [...sent.values()].every((s) => s.delivered !== undefined), 'every alert to be delivered', 300_000, 100);
    const lastDelivery = Math.max(...[...sent.values()].map((s) => s.delivered!));
    const latencies = [...sent.values()].map((s) => s.delivered! - s.start).sort((a, b) => a - b);
    const acceptedPerSecond = ALERTS / acceptedSeconds;
    const paced = await pacedLatency(pool, path, sent);
    const result = {
      alerts: ALERTS,
      concurrency: CONCURRENCY,
      accepted_alerts_per_second: round(acceptedPerSecond),
      delivered_alerts_per_second: round(ALERTS / ((lastDelivery - startedWall) / 1_000)),
      latency_ms: { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), p99: quantile(latencies, 0.99), max: latencies.at(-1) },
      jetstream_publish_ceiling_per_second: round(ceiling),
      accepted_to_ceiling_ratio: round(acceptedPerSecond / ceiling, 3),
      paced,
    };
    await pool.close();
    await stack.stop();
    const stages = process.env.BENCH_STAGES === 'none' ? {} : runStageBenchmarks();
    process.stdout.write(`${JSON.stringify({ ...result, stages })}\n`);
  } finally {
    await stack.stop();
    await stack.cleanup();
    await receiver.stop();
  }
}

const STAGES = { ingestion_only: 'ingestion-load.js', incidents_only: 'incidents.bench.js', dispatch_only: 'dispatch.bench.js' } as const;

/** Each stage benchmark prints one JSON line; a failing one is reported, not fatal. */
function runStageBenchmarks(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, file] of Object.entries(STAGES)) {
    const path = fileURLToPath(new URL(file, import.meta.url));
    if (!existsSync(path)) continue;
    const run = spawnSync(process.execPath, ['--enable-source-maps', path], { encoding: 'utf8', env: process.env, timeout: 600_000 });
    const line = run.stdout.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
    try {
      out[name] = line ? (JSON.parse(line) as unknown) : { error: `exit ${run.status}: ${run.stderr.slice(-500)}` };
    } catch {
      out[name] = { error: `unparsable output: ${line?.slice(0, 200)}` };
    }
  }
  return out;
}

/** Sends PACED_ALERTS at PACED_RATE per second and reports POST → delivery latency. */
async function pacedLatency(pool: Pool, path: string, sent: Map<string, Sent>): Promise<Record<string, unknown>> {
  const seqs: string[] = [];
  const started = Date.now();
  const inFlight: Array<Promise<void>> = [];
  for (let i = 0; i < PACED_ALERTS; i += 1) {
    const due = started + (i * 1_000) / PACED_RATE;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const seq = `paced-${i}`;
    seqs.push(seq);
    const entry: Sent = { start: Date.now(), accepted: 0 };
    sent.set(seq, entry);
    inFlight.push(post(pool, path, seq).then(() => void (entry.accepted = Date.now())));
  }
  await Promise.all(inFlight);
  await waitFor(() => seqs.every((s) => sent.get(s)?.delivered !== undefined), 'every paced alert to be delivered', 120_000, 50);
  const latencies = seqs.map((s) => sent.get(s)!.delivered! - sent.get(s)!.start).sort((a, b) => a - b);
  return {
    rate_per_second: PACED_RATE,
    alerts: PACED_ALERTS,
    latency_ms: { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), p99: quantile(latencies, 0.99), max: latencies.at(-1) },
  };
}

async function post(pool: Pool, path: string, seq: string): Promise<void> {
  const body = alertmanagerWebhook([{ labels: { alertname: 'BenchAlert', severity: 'warning', bench_seq: seq }, summary: `bench ${seq}`, fingerprint: `bench-${seq}-${Date.now()}` }]);
  const response = await pool.request({
    path,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify(body),
  });
  await response.body.dump();
  if (response.statusCode !== 202) throw new Error(`alert ${seq} answered ${response.statusCode}`);
}

await main();
