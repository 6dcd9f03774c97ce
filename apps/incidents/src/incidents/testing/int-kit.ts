// Integration-test support: a throw-away schema on the real PostgreSQL, the command shell
// wired by hand, canonical alerts. Test support only.
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { CanonicalAlert } from '@herald/contracts';
import { createLogger, Registry } from '@herald/observability';
import { dropSchema, openDataSource } from '@herald/persistence';
import { IncidentCommands } from '../application/incident-commands.js';
import { IncidentMetrics } from '../application/incident-metrics.js';
import { DEFAULT_INCIDENT_POLICY, type IncidentPolicy } from '../domain/index.js';
import { OutboxSignal } from '../outbox/outbox-signal.js';
import { INCIDENTS_MIGRATIONS } from '../store/incidents.migrations.js';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/herald';
export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
export const silentLogger = createLogger('incidents-test', 'silent');

/** A namespace of its own per test file, so runs never collide. */
export const testNamespace = (tag: string): string =>
  `${(process.env.HERALD_TEST_RUN_ID ?? 't').toLowerCase().replace(/[^a-z0-9_]/g, '')}_${tag}_${randomBytes(3).toString('hex')}`;

/** Opens a data source on `schema` (migrated); several may share one schema, like replicas. */
export const openTestDataSource = (schema: string, poolSize = 4): Promise<DataSource> =>
  openDataSource({ url: DATABASE_URL, schema, poolSize, migrations: INCIDENTS_MIGRATIONS, applicationName: 'herald-incidents-test' });

export async function closeAndDrop(schema: string, ...dataSources: DataSource[]): Promise<void> {
  for (const ds of dataSources) if (ds.isInitialized) await ds.destroy();
  await dropSchema(DATABASE_URL, schema);
}

/** One "replica" of the command shell, with its own metrics registry. */
export function commandsOn(
  dataSource: DataSource,
  policy: IncidentPolicy = DEFAULT_INCIDENT_POLICY,
  signal = new OutboxSignal(),
): { commands: IncidentCommands; registry: Registry } {
  const registry = new Registry();
  const metrics = new IncidentMetrics(registry, dataSource, silentLogger);
  return { commands: new IncidentCommands(dataSource, policy, metrics, signal), registry };
}

export function canonicalAlert(overrides: Partial<CanonicalAlert> = {}): CanonicalAlert {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    rawId: randomUUID(),
    integrationId: 'int-test',
    source: 'alertmanager',
    action: 'trigger',
    dedupKey: 'HighLatency/checkout',
    severity: 'warning',
    summary: 'Latency high on checkout',
    service: 'checkout',
    labels: { alertname: 'HighLatency', service: 'checkout' },
    annotations: {},
    details: {},
    links: [],
    occurredAt: now,
    receivedAt: now,
    ...overrides,
  };
}

/** A RecordAlert batch item as the consumer builds it: the alert id is the inbox id. */
export const recordItem = (alert: CanonicalAlert) => ({
  command: { type: 'RecordAlert' as const, alert },
  meta: { inboxId: alert.id, alertReceivedAt: alert.receivedAt },
});

/** Runs `work` on `n` values with `lanes` of them in flight at once. */
export async function inLanes<T>(values: readonly T[], lanes: number, work: (value: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < values.length) {
        const value = values[next]!;
        next += 1;
        await work(value);
      }
    }),
  );
}

/** Polls until `check` passes; fails naming `label` after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, label: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
