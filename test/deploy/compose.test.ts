import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { composeValidator, interpolate, readCompose } from './lib/compose.js';
import { SERVICES } from './lib/manifests.js';
import { asArray, asObj, asString, type Obj, readText, ROOT } from './lib/objects.js';

function service(compose: Obj, name: string): Obj {
  return asObj(asObj(compose.services, 'services')[name], `services.${name}`);
}

describe('docker-compose.yml (one-machine stack)', () => {
  const compose = readCompose();
  const validate = composeValidator();

  it('is valid against the Compose Specification schema', () => {
    assert.deepEqual(validate(compose), []);
  });

  it('the schema check refuses a misspelt key, a bad depends_on condition and a bad duration', () => {
    const misspelt = structuredClone(compose);
    service(misspelt, 'ingestion').healtcheck = {};
    const condition = structuredClone(compose);
    asObj(service(condition, 'dispatch').depends_on, 'depends_on').nats = { condition: 'service_ready' };
    const duration = structuredClone(compose);
    service(duration, 'analytics').stop_grace_period = 'thirty seconds';
    for (const broken of [misspelt, condition, duration]) assert.ok(validate(broken).length > 0);
  });

  it('runs NATS with JetStream on disk, PostgreSQL, the five services and the gateway, each with a health check', () => {
    const names = Object.keys(asObj(compose.services, 'services')).sort();
    assert.deepEqual(names, ['nats', 'postgres', ...SERVICES, 'gateway'].sort());
    const nats = service(compose, 'nats');
    assert.match(asString(nats.image, 'nats image'), /^nats:2\.(1\d|[2-9]\d)/, 'NATS 2.10 or newer (sync_interval)');
    const natsConf = asArray(nats.volumes, 'nats volumes').map((v) => asString(v, 'volume')).find((v) => v.includes('nats.conf'));
    assert.ok(natsConf);
    const conf = readText(join(ROOT, natsConf.split(':')[0] ?? ''));
    assert.match(conf, /jetstream\s*\{[^}]*store_dir:\s*\/data\//);
    assert.match(conf, /sync_interval:\s*always/);
    assert.ok(asArray(nats.volumes, 'nats volumes').some((v) => String(v).startsWith('nats-data:/data')), 'JetStream data on a named volume');
    assert.match(JSON.stringify(asObj(nats.healthcheck, 'nats healthcheck').test), /healthz\?js-enabled-only=true/);
    assert.match(JSON.stringify(asObj(service(compose, 'postgres').healthcheck, 'postgres healthcheck').test), /pg_isready/);
  });

  for (const name of [...SERVICES, 'gateway']) {
    it(`${name}: runs its entry point read-only as a non-root user, after NATS and PostgreSQL are healthy`, () => {
      const svc = service(compose, name);
      assert.deepEqual(svc.command, [`apps/${name}/dist/main.js`]);
      assert.ok(existsSync(join(ROOT, 'apps', name, 'dist', 'main.js')), 'the entry point the image runs exists after the build');
      assert.equal(svc.read_only, true);
      assert.deepEqual(svc.tmpfs, ['/tmp']);
      assert.match(String(svc.user), /^[1-9]\d*:[1-9]\d*$/);
      const build = asObj(svc.build, 'build');
      assert.equal(build.context, '.');
      assert.equal(build.target, 'runtime');
      assert.ok(/^FROM .* AS runtime$/m.test(readText(join(ROOT, 'Dockerfile'))), 'the Dockerfile has the runtime stage');
      const dependsOn = asObj(svc.depends_on, 'depends_on');
      for (const dep of ['nats', 'postgres']) assert.equal(asObj(dependsOn[dep], dep).condition, 'service_healthy');
      const health = asObj(svc.healthcheck, 'healthcheck');
      assert.deepEqual(health.test, ['CMD', 'node', 'deploy/docker/healthcheck.mjs', '/health/ready']);
      // The container port published is the one the service listens on.
      const port = interpolate(String(asObj(svc.environment, 'environment').PORT));
      const published = asArray(svc.ports, 'ports').map((p) => String(p).split(':').at(-1));
      assert.deepEqual(published, [port]);
      for (const volume of asArray(svc.volumes, 'volumes').map((v) => asString(v, 'volume'))) {
        const source = volume.split(':')[0] ?? '';
        if (source.startsWith('./')) assert.ok(existsSync(join(ROOT, source)), `bind mount ${source} exists`);
      }
      // Graceful stop: more time than the drain the service is given.
      const graceValue = asObj(svc.environment, 'environment').SHUTDOWN_GRACE_SECONDS;
      const grace = Number(interpolate(typeof graceValue === 'string' ? graceValue : '20'));
      const stop = /^(\d+)s$/.exec(String(svc.stop_grace_period));
      assert.ok(stop && Number(stop[1]) > grace, `stop_grace_period ${String(svc.stop_grace_period)} <= SHUTDOWN_GRACE_SECONDS ${grace}`);
    });
  }
});
