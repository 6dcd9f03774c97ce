import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IService } from 'kubernetes-models/v1/Service';
import { interpolate, readCompose } from './lib/compose.js';
import { CLUSTER_REQUIRED, envSchema, type EnvSchema, HERALD_CONFIG, keyEnvNames, NODE_VARIABLES } from './lib/env-schemas.js';
import { containerEnv, named, ofKind, podSpec, rendered, SERVICES, type Service, serviceContainer, TARGETS } from './lib/manifests.js';
import { asArray, asObj, readText } from './lib/objects.js';

/**
 * The manifests against what the services read: variable names against each service's own
 * env schema (imported from its compiled config.js), values through that schema, ports,
 * and the configuration file's path. A variable added, renamed or removed in a config.ts
 * shows up here.
 */
function checkEnv(where: string, service: Service, schema: EnvSchema, env: ReadonlyMap<string, string | undefined>): void {
  const keyEnvs = service === 'ingestion' ? keyEnvNames() : [];
  const unknown = [...env.keys()].filter((name) => !schema.keys.has(name) && !keyEnvs.includes(name) && !NODE_VARIABLES.has(name));
  assert.deepEqual(unknown, [], `${where}: variables ${service} does not read`);
  const missing = CLUSTER_REQUIRED.filter((name) => schema.keys.has(name) && !env.has(name));
  assert.deepEqual(missing, [], `${where}: variables ${service} reads that must be set outside a laptop`);
  for (const name of keyEnvs) assert.ok(env.has(name), `${where}: herald.yaml names keyEnv ${name}`);
  const literal = Object.fromEntries([...env].filter((e): e is [string, string] => e[1] !== undefined && schema.keys.has(e[0])));
  // A value from a Secret the manifests do not hold (production's) is set, just not known here.
  const fromSecrets = new Set([...env].filter(([, value]) => value === undefined).map(([name]) => name));
  const refused = schema.check(literal).filter((problem) => !fromSecrets.has(problem.split(':', 1)[0] ?? ''));
  assert.deepEqual(refused, [], `${where}: values ${service} refuses`);
}

describe('manifests match what the services read (env schemas from apps/*/dist/config.js)', () => {
  const schemas = new Map<Service, EnvSchema>();
  const schema = async (service: Service): Promise<EnvSchema> => {
    let found = schemas.get(service);
    if (!found) {
      found = await envSchema(service);
      schemas.set(service, found);
    }
    return found;
  };

  for (const target of TARGETS) {
    it(`${target}: environment variable names and values, ports and the configuration file`, async () => {
      const objects = rendered(target);
      for (const service of SERVICES) {
        const where = `${target} herald-${service}`;
        const { deployment, container } = serviceContainer(objects, service);
        const env = containerEnv(objects, container);
        const s = await schema(service);
        checkEnv(where, service, s, env);

        const port = Number(env.get('PORT'));
        assert.ok(port > 0, `${where}: PORT`);
        assert.equal(container.ports?.find((p) => p.name === 'http')?.containerPort, port, `${where}: the http container port is PORT`);
        const svc = named<IService>(objects, 'Service', `herald-${service}`);
        assert.deepEqual(svc.spec?.ports?.map((p) => [p.name, p.port, p.targetPort]), [['http', port, 'http']], `${where}: Service port`);

        const configFile = env.get('HERALD_CONFIG_FILE');
        if (!s.keys.has('HERALD_CONFIG_FILE')) continue;
        assert.ok(configFile, `${where}: HERALD_CONFIG_FILE`);
        const mount = container.volumeMounts?.find((m) => configFile.startsWith(`${m.mountPath}/`));
        assert.ok(mount, `${where}: ${configFile} is not on a mounted volume`);
        const volume = podSpec(deployment).volumes?.find((v) => v.name === mount.name);
        const cm = ofKind<IConfigMap>(objects, 'ConfigMap').find((c) => c.metadata.name === volume?.configMap?.name);
        const key = configFile.slice(mount.mountPath.length + 1);
        assert.equal(cm?.data?.[key], readText(HERALD_CONFIG), `${where}: ${configFile} is deploy/k8s/base/herald.yaml`);
      }
    });
  }

  it('docker-compose.yml: environment variable names and values, and the configuration file', async () => {
    const compose = readCompose();
    for (const service of SERVICES) {
      const svc = asObj(asObj(compose.services, 'services')[service], service);
      const environment = asObj(svc.environment, `${service}.environment`);
      const env = new Map(Object.entries(environment).map(([k, v]) => [k, interpolate(String(v))]));
      const s = await schema(service);
      checkEnv(`docker-compose ${service}`, service, s, env);
      const configFile = env.get('HERALD_CONFIG_FILE');
      if (!s.keys.has('HERALD_CONFIG_FILE')) continue;
      const volumes = asArray(svc.volumes, `${service}.volumes`).map(String);
      assert.ok(volumes.includes(`./deploy/k8s/base/herald.yaml:${configFile}:ro`), `docker-compose ${service}: ${configFile} is the shipped herald.yaml`);
    }
  });

  it('the checks catch a variable a service does not read and a value it refuses', async () => {
    const s = await schema('dispatch');
    const env = new Map<string, string | undefined>([
      ['PORT', '8083'],
      ['NATS_URL', 'nats://herald-nats:4222'],
      ['NATS_STREAM_REPLICAS', '3'],
      ['HERALD_ADMIN_TOKEN', undefined],
      ['DATABASE_URL', undefined],
      ['HERALD_SECRETS_KEY', undefined],
      ['HERALD_CONFIG_FILE', '/etc/herald/herald.yaml'],
    ]);
    assert.doesNotThrow(() => checkEnv('control', 'dispatch', s, env));
    assert.throws(() => checkEnv('typo', 'dispatch', s, new Map([...env, ['DISPATCH_CONCURENCY', '8']])), /does not read/);
    assert.throws(() => checkEnv('bad value', 'dispatch', s, new Map([...env, ['LOG_LEVEL', 'verbose']])), /refuses/);
    assert.throws(() => checkEnv('missing', 'dispatch', s, new Map([...env].filter(([k]) => k !== 'NATS_URL'))), /must be set/);
    assert.throws(() => checkEnv('no secrets key', 'dispatch', s, new Map([...env].filter(([k]) => k !== 'HERALD_SECRETS_KEY'))), /must be set/);
  });
});
