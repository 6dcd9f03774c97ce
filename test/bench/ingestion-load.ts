import { Pool } from 'undici';
import { alertmanagerWebhook } from '../support/alerts.js';
import { HeraldStack, metricValue } from '../support/stack.js';
import { quantile, round } from './stats.js';

/*
 * Ingestion alone under load: `node test/dist/bench/ingestion-load.js`.
 * Starts only the ingestion service (real NATS and PostgreSQL), posts alerts over
 * loopback with an undici Pool and prints one JSON line: accepted alerts/s (each 202
 * came after the JetStream PubAck) and request latency quantiles.
 *   LOAD_REQUESTS (5000)  LOAD_CONCURRENCY (32)  LOAD_ENDPOINT webhook|prometheus|pagerduty
 *   LOAD_SERVICE_ENV      extra ingestion environment, e.g. "INGESTION_INTEGRATION_CACHE_TTL_MS=0"
 */
const REQUESTS = Number(process.env.LOAD_REQUESTS ?? 5_000);
const CONCURRENCY = Number(process.env.LOAD_CONCURRENCY ?? 32);
const ENDPOINT = (process.env.LOAD_ENDPOINT ?? 'webhook') as 'webhook' | 'prometheus' | 'pagerduty';
const KEYS = { webhook: 'load-alertmanager-key-0001', prometheus: 'load-prometheus-key-00001', pagerduty: 'load-pagerduty-key-000001' };

function serviceEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (process.env.LOAD_SERVICE_ENV ?? '').split(/[\s,]+/).filter(Boolean)) {
    const [name, ...value] = pair.split('=');
    if (name) out[name] = value.join('=');
  }
  return out;
}

function request(seq: number): { path: string; headers: Record<string, string>; body: string } {
  const labels = { alertname: 'LoadAlert', severity: 'warning', load_seq: String(seq) };
  switch (ENDPOINT) {
    case 'webhook':
      return {
        path: '/v1/webhooks/load-am',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.webhook}` },
        body: JSON.stringify(alertmanagerWebhook([{ labels, summary: `load ${seq}`, fingerprint: `load-${seq}` }])),
      };
    case 'prometheus':
      return {
        path: '/api/v2/alerts',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.prometheus}` },
        body: JSON.stringify([{ labels, annotations: { summary: `load ${seq}` }, startsAt: new Date().toISOString() }]),
      };
    case 'pagerduty':
      return {
        path: '/v2/enqueue',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          routing_key: KEYS.pagerduty,
          event_action: 'trigger',
          dedup_key: `load-${seq}`,
          payload: { summary: `load ${seq}`, source: 'load', severity: 'warning' },
        }),
      };
  }
}

async function main(): Promise<void> {
  const stack = await HeraldStack.start({
    services: ['ingestion'],
    serviceEnv: { ingestion: serviceEnv() },
    config: `
integrations:
  - { id: load-am, name: Load Alertmanager, source: alertmanager, key: ${KEYS.webhook}, rateLimitPerMinute: 1000000 }
  - { id: load-prom, name: Load Prometheus, source: prometheus, key: ${KEYS.prometheus}, rateLimitPerMinute: 1000000 }
  - { id: load-pd, name: Load PagerDuty, source: pagerduty, key: ${KEYS.pagerduty}, rateLimitPerMinute: 1000000 }
`,
  });
  const pool = new Pool(stack.url('ingestion'), { connections: CONCURRENCY, pipelining: 1 });
  try {
    const send = async (seq: number): Promise<number> => {
      const started = performance.now();
      const r = request(seq);
      const response = await pool.request({ method: 'POST', ...r });
      await response.body.dump();
      if (response.statusCode >= 300) throw new Error(`request ${seq} answered ${response.statusCode}`);
      return performance.now() - started;
    };
    for (let i = 0; i < 200; i += 1) await send(-1 - i);
    // CPU time the ingestion process spends per request: steadier than rates on a busy machine.
    const cpuSeconds = async () => metricValue(await stack.metrics('ingestion'), 'process_cpu_seconds_total');
    const cpuBefore = await cpuSeconds();
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < REQUESTS) {
          const seq = next;
          next += 1;
          latencies.push(await send(seq));
        }
      }),
    );
    const seconds = (performance.now() - started) / 1_000;
    const cpuMsPerRequest = ((await cpuSeconds()) - cpuBefore) * 1_000 / REQUESTS;
    latencies.sort((a, b) => a - b);
    // Ingestion's own view (warm-up included): time from request to answer inside the service.
    const metrics = await stack.metrics('ingestion');
    const source = { webhook: 'alertmanager', prometheus: 'prometheus', pagerduty: 'pagerduty' }[ENDPOINT];
    const labels = { source, outcome: 'accepted' };
    const serverMeanMs =
      (metricValue(metrics, 'herald_ingestion_request_duration_seconds_sum', labels) / metricValue(metrics, 'herald_ingestion_request_duration_seconds_count', labels)) * 1_000;
    const result = {
      endpoint: ENDPOINT,
      requests: REQUESTS,
      concurrency: CONCURRENCY,
      service_env: serviceEnv(),
      accepted_alerts_per_second: round(REQUESTS / seconds),
      latency_ms: { p50: round(quantile(latencies, 0.5), 2), p95: round(quantile(latencies, 0.95), 2), p99: round(quantile(latencies, 0.99), 2) },
      server_mean_ms: round(serverMeanMs, 3),
      ingestion_cpu_ms_per_request: round(cpuMsPerRequest, 3),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await pool.close();
    await stack.stop();
    await stack.cleanup();
  }
}

await main();
