import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SOURCE_TYPES, type SourceType } from '@herald/contracts';
import { DEFAULT_SEVERITY_MAPS, normalise, validateBody } from './index.js';
import { SAMPLES } from './testing/samples.js';
import { expectAlerts, testContext } from './testing/test-context.js';

describe('normalise', () => {
  it('turns every realistic sample into valid canonical alerts', () => {
    for (const source of SOURCE_TYPES) {
      const ctx = testContext();
      for (const sample of SAMPLES[source]) {
        const alerts = expectAlerts(normalise(source, sample, ctx), ctx);
        for (const alert of alerts) assert.equal(alert.source, source);
        assert.deepEqual(validateBody(source, sample), { ok: true }, source);
      }
    }
  });

  it('is deterministic: the same envelope gives the same alerts', () => {
    for (const source of SOURCE_TYPES) {
      for (const sample of SAMPLES[source]) {
        assert.deepEqual(normalise(source, sample, testContext()), normalise(source, sample, testContext()));
      }
    }
  });

  it('rejects bodies that are not JSON objects, naming the whole body', () => {
    for (const source of SOURCE_TYPES) {
      for (const body of [undefined, null, 42, 'text', true]) {
        const result = normalise(source, body, testContext());
        assert.equal(result.ok, false, `${source} ${String(body)}`);
        if (!result.ok) assert.ok(result.errors.some((e) => e.path === ''), source);
      }
    }
  });

  it('answers an unknown source with an error, not an exception', () => {
    const result = validateBody('nagios' as SourceType, {});
    assert.deepEqual(result, { ok: false, errors: [{ path: '', message: 'unknown source "nagios"' }] });
  });

  it('fails rather than publish an alert the contract would reject', () => {
    const result = normalise('generic', SAMPLES.generic[0], testContext({ makeId: () => 'not-a-uuid' }));
    assert.equal(result.ok, false);
    if (!result.ok) assert.deepEqual(result.errors.map((e) => e.path), ['canonical[0].id']);
  });

  it('ignores severity overrides that are not Herald severities', () => {
    const ctx = testContext({ severityMap: { error: 'urgent' as 'critical' } });
    const [alert] = expectAlerts(normalise('generic', SAMPLES.generic[0], ctx), ctx);
    assert.equal(alert?.severity, 'error');
  });
});

describe('DEFAULT_SEVERITY_MAPS', () => {
  it('documents every source map', () => {
    assert.deepEqual(DEFAULT_SEVERITY_MAPS, {
      alertmanager: { critical: 'critical', page: 'critical', error: 'error', warning: 'warning', info: 'info' },
      prometheus: { critical: 'critical', page: 'critical', error: 'error', warning: 'warning', info: 'info' },
      grafana: { critical: 'critical', page: 'critical', error: 'error', warning: 'warning', info: 'info' },
      pagerduty: { critical: 'critical', error: 'error', warning: 'warning', info: 'info' },
      cloudwatch: { alarm: 'critical', insufficient_data: 'warning', ok: 'info' },
      'azure-monitor': { sev0: 'critical', sev1: 'error', sev2: 'warning', sev3: 'info', sev4: 'info' },
      datadog: { error: 'critical', warning: 'warning', info: 'info', success: 'info' },
      sentry: { critical: 'critical', resolved: 'info', fatal: 'critical', error: 'error', warning: 'warning', info: 'info', debug: 'info' },
      github: { failure: 'error', timed_out: 'error', cancelled: 'error', startup_failure: 'error', success: 'info' },
      newrelic: { critical: 'critical', high: 'error', medium: 'warning', low: 'info' },
      'uptime-kuma': { down: 'critical', up: 'info' },
      uptimerobot: { down: 'critical', up: 'info', 'ssl-expiry': 'warning' },
      stet: { critical: 'critical', warn: 'warning', none: 'info' },
      gitlab: { failed: 'error', canceled: 'warning', success: 'info' },
      'better-stack': { started: 'critical', acknowledged: 'critical', resolved: 'info' },
      pingdom: { high: 'critical', low: 'warning' },
      'google-cloud-monitoring': { critical: 'critical', error: 'error', warning: 'warning', 'no severity': 'warning' },
      'splunk-oncall': { critical: 'critical', warning: 'warning', acknowledgement: 'info', recovery: 'info' },
      honeycomb: { triggered: 'warning', ok: 'info' },
      'splunk-observability': { critical: 'critical', major: 'error', minor: 'warning', warning: 'warning', info: 'info' },
      bitbucket: { failed: 'error', stopped: 'warning', successful: 'info' },
      dynatrace: { availability: 'critical', error: 'error', performance: 'warning', resource_contention: 'warning', custom_alert: 'warning', monitoring_unavailable: 'warning', info: 'info' },
      elastic: { fired: 'error', 'threshold met': 'error', 'query matched': 'error', warning: 'warning', nodata: 'warning', recovered: 'info' },
      appdynamics: { critical: 'critical', warning: 'warning', error: 'critical', warn: 'warning', info: 'info' },
      opsgenie: { p1: 'critical', p2: 'error', p3: 'warning', p4: 'info', p5: 'info' },
      generic: { critical: 'critical', error: 'error', warning: 'warning', info: 'info' },
    });
  });

  it('has lower-case keys only, so lookups of lower-cased values reach every entry', () => {
    for (const map of Object.values(DEFAULT_SEVERITY_MAPS)) {
      for (const key of Object.keys(map)) assert.equal(key, key.toLowerCase());
    }
  });

  it('is a copy: changing it does not change normalisation', () => {
    DEFAULT_SEVERITY_MAPS.generic.error = 'info';
    try {
      const [alert] = expectAlerts(normalise('generic', SAMPLES.generic[0], testContext()));
      assert.equal(alert?.severity, 'error');
    } finally {
      DEFAULT_SEVERITY_MAPS.generic.error = 'error';
    }
  });
});

describe('dedup scope', () => {
  const body = SAMPLES.generic[0];
  const keyFor = (integrationId: string, dedupScope?: 'global') =>
    expectAlerts(normalise('generic', body, testContext({ integrationId, dedupScope })), testContext({ integrationId }))[0]?.dedupKey;

  it("prefixes the source's key with the integration, so two integrations never share an incident", () => {
    assert.equal(keyFor('ops-cron', undefined), 'ops-cron/backup/nightly/orders-db');
    assert.notEqual(keyFor('ops-cron', undefined), keyFor('db-cron', undefined));
  });

  it('leaves the key as sent for an integration that opted in to cross-integration dedup', () => {
    assert.equal(keyFor('ops-cron', 'global'), 'backup/nightly/orders-db');
    assert.equal(keyFor('ops-cron', 'global'), keyFor('db-cron', 'global'));
  });
});
