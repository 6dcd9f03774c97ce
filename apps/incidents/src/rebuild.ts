// `node apps/incidents/dist/rebuild.js`: rebuilds the incidents read model from the event
// store and prints one JSON line. Reads the same environment as the service.
import 'reflect-metadata';
import { loadConfigOrExit } from '@herald/config';
import { openDataSource, schemaName } from '@herald/persistence';
import { incidentsEnvSchema, policyFrom } from './config.js';
import { ProjectionRebuilder } from './incidents/projection/projection-rebuild.js';
import { INCIDENTS_MIGRATIONS } from './incidents/store/incidents.migrations.js';

const SERVICE = 'incidents';
const config = loadConfigOrExit(SERVICE, incidentsEnvSchema);
const dataSource = await openDataSource({
  url: config.DATABASE_URL,
  schema: schemaName(config.HERALD_NAMESPACE, SERVICE),
  poolSize: 2,
  migrations: INCIDENTS_MIGRATIONS,
  applicationName: `herald-${SERVICE}-rebuild`,
});
try {
  const report = await new ProjectionRebuilder(dataSource, policyFrom(config)).rebuild();
  process.stdout.write(`${JSON.stringify({ rebuilt: 'incidents', ...report })}\n`);
} catch (error) {
  process.stderr.write(`rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await dataSource.destroy();
}
