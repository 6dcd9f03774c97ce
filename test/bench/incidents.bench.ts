import pg from 'pg';
import { schemaName } from '@herald/persistence';
import { canonicalAlert, IncidentsDriver } from '../support/incidents.js';
import { DATABASE_URL, HeraldStack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';
import { round } from './stats.js';

/*
 * `node test/dist/bench/incidents.bench.js`: the incidents service alone (a real process
 * from HeraldStack), fed canonical alerts straight into the ALERTS stream with the
 * Publisher, as ingestion would publish them (ingestion is not
 * part of the measurement). Two phases, each timed from its first publish until every
 * alert is committed (read model) and every event is on INCIDENTS (relayed):
 *   distinct:   BENCH_DISTINCT alerts, each with a new dedup key (each opens an incident);
 *   duplicates: BENCH_DUPLICATES alerts over BENCH_DUPLICATE_KEYS already open incidents.
 * Prints one JSON line. INCIDENTS_BATCH_SIZE / INCIDENTS_CONCURRENCY pass through.
 */
const DISTINCT = Number(process.env.BENCH_DISTINCT ?? 5_000);
const DUPLICATES = Number(process.env.BENCH_DUPLICATES ?? 20_000);
const DUPLICATE_KEYS = Number(process.env.BENCH_DUPLICATE_KEYS ?? 100);
const serviceEnv = Object.fromEntries(
  ['INCIDENTS_BATCH_SIZE', 'INCIDENTS_CONCURRENCY', 'DATABASE_POOL_SIZE'].flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : [])),
);

interface Phase {
  alerts: number;
  publish_seconds: number;
  committed_seconds: number;
  relayed_seconds: number;
}

async function main(): Promise<void> {
  const stack = await HeraldStack.start({ config: 'integrations: []\n', services: ['incidents'], env: { LOG_LEVEL: 'warn' }, serviceEnv: { incidents: serviceEnv } });
  const driver = await IncidentsDriver.connect(stack.namespace);
  const db = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${schemaName(stack.namespace, 'incidents')}` });
  await db.connect();
  const scalar = async (sql: string): Promise<number> => Number((await db.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
  const incidents = () => scalar('SELECT count(*) AS n FROM incidents');
  const alertsCounted = () => scalar('SELECT coalesce(sum(alert_count), 0) AS n FROM incidents');

  /** Publishes, then waits for `committed()` to reach `target` and INCIDENTS to hold `events`. */
  async function phase(alerts: ReturnType<typeof canonicalAlert>[], committed: () => Promise<number>, target: number, events: number): Promise<Phase> {
    const started = performance.now();
    const whenCommitted = (async () => {
      await waitFor(async () => (await committed()) >= target, 'alerts committed', 600_000, 20);
      return performance.now();
    })();
    await driver.publish(alerts, 256);
    const published = performance.now();
    const committedAt = await whenCommitted;
    await waitFor(async () => (await driver.incidentEventCount()) >= events, 'events relayed', 600_000, 20);
    const relayed = performance.now();
    return {
      alerts: alerts.length,
      publish_seconds: round((published - started) / 1_000, 3),
      committed_seconds: round((committedAt - started) / 1_000, 3),
      relayed_seconds: round((relayed - started) / 1_000, 3),
    };
  }

  try {
    // Warm-up (not measured): opens the incidents the duplicate phase will hit.
    const warm = Array.from({ length: DUPLICATE_KEYS }, (_, i) => canonicalAlert({ dedupKey: `dup-${i}` }));
    await phase(warm, incidents, DUPLICATE_KEYS, DUPLICATE_KEYS);

    const distinctAlerts = Array.from({ length: DISTINCT }, (_, i) => canonicalAlert({ dedupKey: `distinct-${i}`, summary: `distinct ${i}` }));
    const distinct = await phase(distinctAlerts, incidents, DUPLICATE_KEYS + DISTINCT, DUPLICATE_KEYS + DISTINCT);

    const duplicateAlerts = Array.from({ length: DUPLICATES }, (_, i) => canonicalAlert({ dedupKey: `dup-${i % DUPLICATE_KEYS}`, summary: `repeat ${i}` }));
    const before = await alertsCounted();
    const duplicates = await phase(duplicateAlerts, alertsCounted, before + DUPLICATES, DUPLICATE_KEYS + DISTINCT + DUPLICATES);

    const result = {
      bench: 'incidents',
      driven: 'canonical alerts published straight into ALERTS (Publisher), incidents service only',
      batch_size: Number(serviceEnv.INCIDENTS_BATCH_SIZE ?? 100),
      concurrency: Number(serviceEnv.INCIDENTS_CONCURRENCY ?? 2),
      distinct_incidents_per_second: round(DISTINCT / distinct.committed_seconds),
      distinct_incidents_relayed_per_second: round(DISTINCT / distinct.relayed_seconds),
      duplicate_alerts_per_second: round(DUPLICATES / duplicates.committed_seconds),
      duplicate_alerts_relayed_per_second: round(DUPLICATES / duplicates.relayed_seconds),
      publish_alerts_per_second: round((DISTINCT + DUPLICATES) / (distinct.publish_seconds + duplicates.publish_seconds)),
      phases: { distinct, duplicates },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await db.end();
    await driver.close();
    await stack.stop();
    await stack.cleanup();
  }
}

await main();
