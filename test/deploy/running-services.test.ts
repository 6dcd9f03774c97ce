import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { freePort, HeraldStack } from '../support/stack.js';
import { HERALD_CONFIG, keyEnvNames } from './lib/env-schemas.js';
import { ofKind, rendered, SERVICES, serviceContainer } from './lib/manifests.js';
import { metricsUsed } from './lib/metric-usage.js';
import { DEPLOY, readText } from './lib/objects.js';
import { exportedSeriesNames } from './lib/promql.js';

/** Series Prometheus makes itself rather than scraping them. */
const PROMETHEUS_SERIES = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'ALERTS', 'ALERTS_FOR_STATE']);

/**
 * The five services started from their build with the shipped configuration
 * (deploy/k8s/base/herald.yaml), read where Prometheus and the kubelet read them.
 */
function monitoringUrls(): string {
  const { container } = serviceContainer(rendered('base'), 'analytics');
  const value = container.env?.find((e) => e.name === 'ANALYTICS_NATS_MONITORING_URLS')?.value;
  assert.ok(value, 'the analytics Deployment sets ANALYTICS_NATS_MONITORING_URLS');
  return value;
}

describe('the running services, as the deploy files use them', () => {
  let stack: HeraldStack;
  const exported = new Map<string, Set<string>>();

  before(async () => {
    stack = await HeraldStack.start({
      config: readText(HERALD_CONFIG),
      env: Object.fromEntries(keyEnvNames().map((name, i) => [name, `deploy-test-key-${name.toLowerCase()}-${i}`])),
      // As the manifests set it, so analytics declares the server storage gauges the rules use
      // (the NATS nodes named there do not exist here: the gauges have no values, only their names).
      serviceEnv: { analytics: { ANALYTICS_NATS_MONITORING_URLS: monitoringUrls() } },
    });
    for (const service of SERVICES) exported.set(service, exportedSeriesNames(await stack.metrics(service)));
  });

  after(async () => {
    await stack?.stop();
    await stack?.cleanup();
  });

  it('every metric the rules and the dashboard use is exported by a service (histograms as _bucket/_sum/_count)', () => {
    const all = new Set([...exported.values()].flatMap((names) => [...names]));
    assert.ok(all.has('herald_notifications_total'), 'the scrape found Herald metrics');
    const used = metricsUsed();
    assert.ok(used.size >= 10, `only ${used.size} metric names found in the rules and dashboard`);
    const missing = [...used].filter(([name]) => !all.has(name) && !PROMETHEUS_SERIES.has(name));
    assert.deepEqual(
      missing.map(([name, where]) => `${name} (used by ${[...new Set(where)].join(', ')})`),
      [],
      'metrics used by deploy/prometheus or deploy/grafana that no service exports',
    );
  });

  it('the drift check would notice a metric that is not exported', () => {
    const all = new Set([...exported.values()].flatMap((names) => [...names]));
    assert.ok(!all.has('herald_notifications_sent_total'));
    assert.ok(!all.has('herald_alert_to_notification_seconds_buckets'));
  });

  it('the probe paths of the Deployments answer 200 on a ready service, and /metrics serves the text format', async () => {
    const objects = rendered('overlays/production');
    const [monitor] = ofKind<IServiceMonitor>(objects, 'ServiceMonitor');
    for (const service of SERVICES) {
      const { container } = serviceContainer(objects, service);
      for (const probe of [container.startupProbe, container.readinessProbe, container.livenessProbe]) {
        const path = probe?.httpGet?.path;
        assert.ok(path);
        const response = await fetch(stack.url(service, path));
        assert.equal(response.status, 200, `${service} ${path}`);
      }
      for (const endpoint of monitor?.spec.endpoints ?? []) {
        const response = await fetch(stack.url(service, endpoint.path ?? '/metrics'));
        assert.equal(response.status, 200);
        assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
      }
    }
  });

  it('the image health check script passes against a ready service and fails against a closed port', async () => {
    const script = join(DEPLOY, 'docker', 'healthcheck.mjs');
    const port = new URL(stack.url('dispatch')).port;
    const ready = spawnSync(process.execPath, [script, '/health/ready'], { env: { ...process.env, PORT: port }, timeout: 10_000 });
    assert.equal(ready.status, 0);
    const closed = spawnSync(process.execPath, [script, '/health/ready'], { env: { ...process.env, PORT: String(await freePort()) }, timeout: 10_000 });
    assert.equal(closed.status, 1);
  });
});
