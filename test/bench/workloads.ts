import { Pool } from 'undici';
import { GROUP_LABEL, KEY_LABEL, type SystemName } from './bench-receiver.js';
import { type DeliveryLedger } from './delivery-ledger.js';
import { sleep } from '../support/wait.js';

/*
 * The two workloads, posted to `POST /api/v2/alerts` as Prometheus posts them (a JSON
 * array of postable alerts). Alertmanager serves that path; so does Herald's ingestion for
 * an integration whose source is `prometheus`. Every alert has its own `instance` (so
 * Alertmanager gives it a group of its own and Herald an incident of its own) and a
 * `bench_seq` label the receiver counts it by.
 */

const HOUR_MS = 3_600_000;

/** Where alerts are posted: one system's `/api/v2/alerts`. */
export class AlertSink {
  private readonly pool: Pool;

  constructor(
    readonly system: SystemName,
    baseUrl: string,
    private readonly headers: Readonly<Record<string, string>>,
    connections: number,
  ) {
    this.pool = new Pool(baseUrl, { connections, pipelining: 1 });
  }

  async post(body: string): Promise<void> {
    const response = await this.pool.request({ path: '/api/v2/alerts', method: 'POST', headers: { 'content-type': 'application/json', ...this.headers }, body });
    const text = await response.body.text();
    if (response.statusCode !== 200) throw new Error(`${this.system} answered POST /api/v2/alerts with ${response.statusCode}: ${text.slice(0, 300)}`);
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

/** A firing alert as Prometheus posts it: endsAt in the future keeps it firing for the whole run. */
export function benchAlert(key: string, now: number, group?: string): Record<string, unknown> {
  return {
    labels: { alertname: 'HeraldBench', instance: key, severity: 'warning', [KEY_LABEL]: key, ...(group !== undefined ? { [GROUP_LABEL]: group } : {}) },
    annotations: { summary: `bench alert ${key}` },
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + HOUR_MS).toISOString(),
    generatorURL: 'http://prometheus.bench.invalid:9090/graph',
  };
}

/**
 * Posts `size` alerts, `batch` per request, one request in flight, as ledger group `prefix`.
 * With `groups`, the alerts fall into that many groups (`bench_group`) in consecutive blocks,
 * so a group's alerts arrive together, as a storm from one alerting rule does.
 */
export async function burst(sink: AlertSink, ledger: DeliveryLedger, prefix: string, size: number, batch: number, groups?: number): Promise<void> {
  const perGroup = groups === undefined ? undefined : Math.ceil(size / groups);
  for (let first = 0; first < size; first += batch) {
    const now = Date.now();
    const batchKeys = Array.from({ length: Math.min(batch, size - first) }, (_, i) => `${prefix}-${first + i}`);
    const groupOf = (i: number): string | undefined => (perGroup === undefined ? undefined : `${prefix}-g${Math.floor((first + i) / perGroup)}`);
    const body = JSON.stringify(batchKeys.map((key, i) => benchAlert(key, now, groupOf(i))));
    const sentAt = performance.now();
    for (const key of batchKeys) ledger.expect(prefix, key, sentAt);
    await sink.post(body);
  }
}

/**
 * Posts one alert per request at `rate` per second for `seconds`, as ledger group `prefix`,
 * on schedule whether or not earlier requests have been answered (a slow answer must not
 * lower the offered load).
 */
export async function steady(sink: AlertSink, ledger: DeliveryLedger, prefix: string, rate: number, seconds: number): Promise<void> {
  const posts: Array<Promise<void>> = [];
  let failure: Error | undefined;
  const started = performance.now();
  for (let i = 0; i < Math.round(rate * seconds); i += 1) {
    const wait = started + (i * 1_000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    const key = `${prefix}-${i}`;
    const body = JSON.stringify([benchAlert(key, Date.now())]);
    ledger.expect(prefix, key, performance.now());
    // Caught at once: a rejection left unhandled until the loop ends would end the process.
    posts.push(sink.post(body).catch((error: unknown) => void (failure ??= error instanceof Error ? error : new Error(String(error)))));
  }
  await Promise.all(posts);
  if (failure !== undefined) throw failure;
}

/**
 * Waits until every alert of the group has been delivered. Resolves false when no new alert
 * was delivered for `stallMs`: what is still pending then is reported as lost.
 */
export async function awaitDeliveries(ledger: DeliveryLedger, group: string, stallMs: number): Promise<boolean> {
  const sentAllAt = performance.now();
  while (ledger.pending(group) > 0) {
    if (performance.now() - Math.max(sentAllAt, ledger.lastFirstDeliveryAt) > stallMs) return false;
    await sleep(20);
  }
  return true;
}
