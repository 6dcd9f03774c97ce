import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { IService } from 'kubernetes-models/v1/Service';
import { stringify } from 'yaml';
import { ofKind, rendered, SERVICES } from './lib/manifests.js';
import { asArray, asObj, asString, readYaml, sameValue } from './lib/objects.js';
import { metricNamesIn } from './lib/promql.js';
import { groupsOf, PROMETHEUS_RULE, RULE_TESTS, RULES, rulesOf } from './lib/rules.js';
import { NO_PROMTOOL, promtool } from './lib/promtool.js';

/** The alerts the product asks for, each with a runbook. */
const REQUIRED_ALERTS = [
  'HeraldDeliverySuccessRateLow',
  'HeraldDeliveryLatencyHigh',
  'HeraldConsumerLagGrowing',
  'HeraldDeadDeliveries',
  'HeraldIngestionRejectionsSpiking',
  'HeraldReceiverDisabled',
  // Self-monitoring: what would silently stop notifications.
  'HeraldServiceAbsent',
  'HeraldOutboxRelayWithoutLeader',
  'HeraldOutboxFallingBehind',
  'HeraldJetStreamStorageNearLimit',
];

describe('Prometheus rules (deploy/prometheus)', () => {
  const rules = rulesOf(groupsOf(RULES));
  const alerts = rules.filter((r) => r.alert);

  it('promtool check rules accepts the rules file, and refuses a broken one', { skip: NO_PROMTOOL }, () => {
    const ok = promtool(['check', 'rules', RULES]);
    assert.equal(ok.status, 0, ok.output);
    assert.match(ok.output, new RegExp(`SUCCESS: ${rules.length} rules found`));
    const dir = mkdtempSync(join(tmpdir(), 'herald-rules-'));
    try {
      const broken = join(dir, 'broken.yml');
      writeFileSync(broken, stringify({ groups: [{ name: 'x', rules: [{ alert: 'Broken', expr: 'sum by (x (rate(y[5m]))' }] }] }));
      assert.notEqual(promtool(['check', 'rules', broken]).status, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('promtool test rules: every alert fires in its bad case and stays silent in the good one', { skip: NO_PROMTOOL }, () => {
    const result = promtool(['test', 'rules', RULE_TESTS]);
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /SUCCESS/);
    // Each alert has a test case in which it is expected to fire.
    const tests = asArray(asObj(readYaml(RULE_TESTS), 'tests file').tests, 'tests').map((t) => asObj(t, 'test'));
    const firing = new Set(
      tests.flatMap((t) =>
        asArray(t.alert_rule_test, 'alert_rule_test')
          .map((c) => asObj(c, 'case'))
          .filter((c) => asArray(c.exp_alerts, 'exp_alerts').length > 0)
          .map((c) => asString(c.alertname, 'alertname')),
      ),
    );
    assert.deepEqual(alerts.map((a) => a.alert).filter((name) => !firing.has(name ?? '')), [], 'alerts without a firing test');
  });

  it('has the alerts the product needs, each with severity, summary, description and a runbook_url (checked in runbooks.test.ts)', () => {
    const names = alerts.map((a) => a.alert);
    for (const name of REQUIRED_ALERTS) assert.ok(names.includes(name), `missing alert ${name}`);
    assert.equal(new Set(names).size, names.length, 'alert names are unique');
    for (const alert of alerts) {
      assert.ok(['warning', 'critical'].includes(alert.labels?.severity ?? ''), `${alert.alert}: severity`);
      for (const key of ['summary', 'description', 'runbook_url']) assert.ok(alert.annotations?.[key]?.trim(), `${alert.alert}: ${key}`);
      assert.equal(alert.annotations?.runbook, undefined, `${alert.alert}: runbook_url, not runbook`);
    }
    const success = alerts.find((a) => a.alert === 'HeraldDeliverySuccessRateLow');
    assert.match(success?.expr ?? '', /< 0\.95\b/);
    const latency = alerts.find((a) => a.alert === 'HeraldDeliveryLatencyHigh');
    assert.match(latency?.expr ?? '', /> 2\b/);
  });

  it('every aggregation keeps namespace and cluster, so two installs scraped by one Prometheus never merge', () => {
    for (const rule of rules) {
      const clauses = [...rule.expr.matchAll(/\b(?:sum|max|min|avg|count)\s*(by\s*\(([^)]*)\))?\s*\(/g)];
      for (const clause of clauses) {
        const by = (clause[2] ?? '').split(',').map((l) => l.trim());
        assert.ok(by.includes('namespace') && by.includes('cluster'), `${rule.alert ?? rule.record}: "${clause[0]}" drops namespace or cluster`);
      }
    }
  });

  it('recording rules used by the rules are defined, once each', () => {
    const recorded = rules.filter((r) => r.record).map((r) => r.record ?? '');
    assert.equal(new Set(recorded).size, recorded.length);
    for (const rule of rules) {
      for (const name of metricNamesIn(rule.expr)) {
        if (name.includes(':')) assert.ok(recorded.includes(name), `${rule.alert ?? rule.record}: ${name} is not recorded`);
      }
    }
  });

  it('the PrometheusRule carries exactly the groups of the plain rules file', () => {
    const rule = asObj(readYaml(PROMETHEUS_RULE), 'prometheusrule.yaml');
    assert.equal(rule.apiVersion, 'monitoring.coreos.com/v1');
    assert.equal(rule.kind, 'PrometheusRule');
    assert.ok(
      sameValue(asObj(rule.spec, 'spec').groups, groupsOf(RULES)),
      'prometheusrule.yaml differs from herald.rules.yml: run node deploy/prometheus/generate-prometheusrule.mjs',
    );
  });

  it('production renders the ServiceMonitor and PrometheusRule; the ServiceMonitor scrapes the five services and the gateway', () => {
    const objects = rendered('overlays/production');
    assert.equal(ofKind(objects, 'PrometheusRule').length, 1);
    const [monitor] = ofKind<IServiceMonitor>(objects, 'ServiceMonitor');
    assert.ok(monitor);
    const selector = monitor.spec.selector.matchLabels ?? {};
    const scraped = ofKind<IService>(objects, 'Service').filter((s) => Object.entries(selector).every(([k, v]) => s.metadata.labels?.[k] === v));
    assert.deepEqual(scraped.map((s) => s.metadata.name).sort(), [...SERVICES, 'gateway'].map((s) => `herald-${s}`).sort());
    for (const endpoint of monitor.spec.endpoints) {
      assert.equal(endpoint.path, '/metrics');
      for (const svc of scraped) assert.ok(svc.spec?.ports?.some((p) => p.name === endpoint.port), `${svc.metadata.name} has no port ${endpoint.port}`);
    }
    // Job names are Service names; HeraldServiceDown must match each of them.
    const down = alerts.find((a) => a.alert === 'HeraldServiceDown');
    const jobPattern = /job=~"([^"]+)"/.exec(down?.expr ?? '')?.[1];
    assert.ok(jobPattern);
    for (const svc of scraped) assert.match(svc.metadata.name, new RegExp(`^(?:${jobPattern})$`));
  });
});
