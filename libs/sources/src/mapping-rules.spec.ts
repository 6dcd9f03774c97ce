import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AlertAction, type Severity, SOURCE_TYPES, type SourceType } from '@herald/contracts';
import { alertmanagerResolved } from './alertmanager/alertmanager.samples.js';
import { azureFired } from './azure-monitor/azure-monitor.samples.js';
import { cloudwatchAlarm, cloudwatchAlarmMessage } from './cloudwatch/cloudwatch.samples.js';
import { labelSetFingerprint } from './core/fingerprint.js';
import { datadogTriggered } from './datadog/datadog.samples.js';
import { betterStackAcknowledged, betterStackStarted } from './better-stack/better-stack.samples.js';
import { bitbucketFailed } from './bitbucket/bitbucket.samples.js';
import { dynatraceOpen } from './dynatrace/dynatrace.samples.js';
import { elasticFired } from './elastic/elastic.samples.js';
import { appdynamicsOpenCritical } from './appdynamics/appdynamics.samples.js';
import { genericTrigger } from './generic/generic.samples.js';
import { opsgenieClose, opsgenieCreate } from './opsgenie/opsgenie.samples.js';
import { splunkObservabilityAnomalous } from './splunk-observability/splunk-observability.samples.js';
import { honeycombTriggered } from './honeycomb/honeycomb.samples.js';
import { splunkOnCallCritical } from './splunk-oncall/splunk-oncall.samples.js';
import { gcmOpen } from './google-cloud-monitoring/google-cloud-monitoring.samples.js';
import { pingdomDown } from './pingdom/pingdom.samples.js';
import { gitlabDeploymentFailed, gitlabPipelineFailed } from './gitlab/gitlab.samples.js';
import { githubCheckRunTimedOut, githubWorkflowFailed } from './github/github.samples.js';
import { grafanaFiring } from './grafana/grafana.samples.js';
import { newrelicActivated } from './newrelic/newrelic.samples.js';
import { normalise } from './normalise.js';
import { pagerdutyTrigger } from './pagerduty/pagerduty.samples.js';
import { prometheusFiring } from './prometheus/prometheus.samples.js';
import { sentryEventAlert, sentryIssueCreated } from './sentry/sentry.samples.js';
import { STET_DEDUP_KEY } from './stet/stet.normaliser.js';
import { stetCritical } from './stet/stet.samples.js';
import { DELETE, withChanges } from './testing/json-paths.js';
import { expectAlerts, RAW_ID, testContext } from './testing/test-context.js';
import { uptimeKumaDown } from './uptime-kuma/uptime-kuma.samples.js';
import { uptimeRobotDown, uptimeRobotSslExpiry } from './uptimerobot/uptimerobot.samples.js';

/*
 * The mapping rules of every source in two tables, as the product states them:
 * which source value becomes which severity (and action), and what the dedup key is.
 * Each row normalises a realistic sample with one change and reads the first alert.
 */
const first = (source: SourceType, body: unknown) => {
  const [alert] = expectAlerts(normalise(source, body, testContext()));
  assert.ok(alert, `${source}: expected an alert`);
  return alert;
};
const cloudwatchState = (state: string) => ({ ...cloudwatchAlarm, Message: JSON.stringify({ ...cloudwatchAlarmMessage, NewStateValue: state }) });

type SeverityRow = [source: SourceType, value: string, body: unknown, severity: Severity, action: AlertAction];

const SEVERITY_ROWS: SeverityRow[] = [
  ...(['alertmanager', 'grafana', 'prometheus'] as const).flatMap((source): SeverityRow[] => {
    const body = (value: unknown) =>
      source === 'alertmanager'
        ? withChanges(alertmanagerResolved, { 'alerts.0.labels.severity': value, 'alerts.0.status': 'firing', 'alerts.0.endsAt': '0001-01-01T00:00:00Z' })
        : source === 'grafana'
          ? withChanges(grafanaFiring, { 'alerts.0.labels.severity': value })
          : withChanges(prometheusFiring, { '0.labels.severity': value, '0.endsAt': DELETE });
    return [
      [source, 'critical', body('critical'), 'critical', 'trigger'],
      [source, 'page', body('page'), 'critical', 'trigger'],
      [source, 'error', body('error'), 'error', 'trigger'],
      [source, 'warning', body('warning'), 'warning', 'trigger'],
      [source, 'info', body('info'), 'info', 'trigger'],
      [source, 'P1 (anything else)', body('P1'), 'info', 'trigger'],
      [source, '(no severity label)', body(DELETE), 'info', 'trigger'],
    ];
  }),
  ['cloudwatch', 'ALARM', cloudwatchState('ALARM'), 'critical', 'trigger'],
  ['cloudwatch', 'INSUFFICIENT_DATA', cloudwatchState('INSUFFICIENT_DATA'), 'warning', 'trigger'],
  ['cloudwatch', 'OK', cloudwatchState('OK'), 'info', 'resolve'],
  ...(['Sev0', 'Sev1', 'Sev2', 'Sev3', 'Sev4'] as const).map(
    (sev, i): SeverityRow => ['azure-monitor', sev, withChanges(azureFired, { 'data.essentials.severity': sev }), (['critical', 'error', 'warning', 'info', 'info'] as const)[i]!, 'trigger'],
  ),
  ['datadog', 'error', withChanges(datadogTriggered, { alert_type: 'error' }), 'critical', 'trigger'],
  ['datadog', 'warning', withChanges(datadogTriggered, { alert_type: 'warning' }), 'warning', 'trigger'],
  ['datadog', 'info', withChanges(datadogTriggered, { alert_type: 'info' }), 'info', 'trigger'],
  ['datadog', 'success', withChanges(datadogTriggered, { alert_type: 'success' }), 'info', 'resolve'],
  ['datadog', 'Recovered transition', withChanges(datadogTriggered, { alert_type: 'error', alert_transition: 'Recovered' }), 'critical', 'resolve'],
  ...(['fatal', 'error', 'warning', 'info', 'debug'] as const).map(
    (level, i): SeverityRow => ['sentry', level, withChanges(sentryIssueCreated, { 'data.issue.level': level }), (['critical', 'error', 'warning', 'info', 'info'] as const)[i]!, 'trigger'],
  ),
  ...(['critical', 'error', 'warning', 'info'] as const).map((s): SeverityRow => ['pagerduty', s, withChanges(pagerdutyTrigger, { 'payload.severity': s }), s, 'trigger']),
  ...(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const).map(
    (p, i): SeverityRow => ['newrelic', p, withChanges(newrelicActivated, { priority: p }), (['critical', 'error', 'warning', 'info'] as const)[i]!, 'trigger'],
  ),
  ['github', 'failure', githubWorkflowFailed, 'error', 'trigger'],
  ['github', 'timed_out', githubCheckRunTimedOut, 'error', 'trigger'],
  ['github', 'success', withChanges(githubWorkflowFailed, { 'workflow_run.conclusion': 'success' }), 'info', 'resolve'],
  ['uptime-kuma', 'down (0)', uptimeKumaDown, 'critical', 'trigger'],
  ['uptime-kuma', 'up (1)', withChanges(uptimeKumaDown, { 'heartbeat.status': 1 }), 'info', 'resolve'],
  ['uptimerobot', 'down (1)', uptimeRobotDown, 'critical', 'trigger'],
  ['uptimerobot', 'up (2)', withChanges(uptimeRobotDown, { alertType: '2' }), 'info', 'resolve'],
  ['uptimerobot', 'SSL expiry (3)', uptimeRobotSslExpiry, 'warning', 'trigger'],
  ['stet', 'CRITICAL', stetCritical, 'critical', 'trigger'],
  ['stet', 'WARN', withChanges(stetCritical, { escalation: 'WARN' }), 'warning', 'trigger'],
  ['stet', 'NONE', withChanges(stetCritical, { escalation: 'NONE' }), 'info', 'resolve'],
  ...(['critical', 'error', 'warning', 'info'] as const).map((s): SeverityRow => ['generic', s, withChanges(genericTrigger, { severity: s }), s, 'trigger']),
  ['gitlab', 'failed', gitlabPipelineFailed, 'error', 'trigger'],
  ['gitlab', 'canceled', withChanges(gitlabPipelineFailed, { 'object_attributes.status': 'canceled' }), 'warning', 'trigger'],
  ['gitlab', 'success', withChanges(gitlabPipelineFailed, { 'object_attributes.status': 'success' }), 'info', 'resolve'],
  ['better-stack', 'Started', betterStackStarted, 'critical', 'trigger'],
  ['better-stack', 'Acknowledged', betterStackAcknowledged, 'critical', 'acknowledge'],
  ['better-stack', 'Resolved', withChanges(betterStackStarted, { 'data.attributes.status': 'Resolved' }), 'info', 'resolve'],
  ['pingdom', 'HIGH importance, DOWN', pingdomDown, 'critical', 'trigger'],
  ['pingdom', 'LOW importance, FAILING', withChanges(pingdomDown, { importance_level: 'LOW', current_state: 'FAILING' }), 'warning', 'trigger'],
  ['pingdom', 'UP', withChanges(pingdomDown, { current_state: 'UP' }), 'critical', 'resolve'],
  ...(['Critical', 'Error', 'Warning', 'No severity'] as const).map(
    (sev, i): SeverityRow => ['google-cloud-monitoring', sev, withChanges(gcmOpen, { 'incident.severity': sev }), (['critical', 'error', 'warning', 'warning'] as const)[i]!, 'trigger'],
  ),
  ['google-cloud-monitoring', 'closed', withChanges(gcmOpen, { 'incident.state': 'closed' }), 'critical', 'resolve'],
  ...(['CRITICAL', 'WARNING', 'ACKNOWLEDGEMENT', 'RECOVERY'] as const).map(
    (type, i): SeverityRow => ['splunk-oncall', type, withChanges(splunkOnCallCritical, { message_type: type }), (['critical', 'warning', 'info', 'info'] as const)[i]!, (['trigger', 'trigger', 'acknowledge', 'resolve'] as const)[i]!],
  ),
  ['honeycomb', 'TRIGGERED', honeycombTriggered, 'warning', 'trigger'],
  ['honeycomb', 'OK', withChanges(honeycombTriggered, { status: 'OK' }), 'info', 'resolve'],
  ...(['Critical', 'Major', 'Minor', 'Warning', 'Info'] as const).map(
    (sev, i): SeverityRow => ['splunk-observability', sev, withChanges(splunkObservabilityAnomalous, { severity: sev }), (['critical', 'error', 'warning', 'warning', 'info'] as const)[i]!, 'trigger'],
  ),
  ['splunk-observability', 'manually resolved', withChanges(splunkObservabilityAnomalous, { status: 'ok', statusExtended: 'manually resolved' }), 'critical', 'resolve'],
  ['bitbucket', 'FAILED', bitbucketFailed, 'error', 'trigger'],
  ['bitbucket', 'STOPPED', withChanges(bitbucketFailed, { 'commit_status.state': 'STOPPED' }), 'warning', 'trigger'],
  ['bitbucket', 'SUCCESSFUL', withChanges(bitbucketFailed, { 'commit_status.state': 'SUCCESSFUL' }), 'info', 'resolve'],
  ...(['AVAILABILITY', 'ERROR', 'PERFORMANCE', 'RESOURCE_CONTENTION', 'CUSTOM_ALERT', 'INFO'] as const).map(
    (level, i): SeverityRow => ['dynatrace', level, withChanges(dynatraceOpen, { 'ProblemDetailsJSON.severityLevel': level }), (['critical', 'error', 'warning', 'warning', 'warning', 'info'] as const)[i]!, 'trigger'],
  ),
  ['dynatrace', 'MERGED', withChanges(dynatraceOpen, { State: 'MERGED' }), 'warning', 'resolve'],
  ['elastic', 'logs.threshold.fired', elasticFired, 'error', 'trigger'],
  ['elastic', 'metrics.threshold.warning', withChanges(elasticFired, { action_group: 'metrics.threshold.warning' }), 'warning', 'trigger'],
  ['elastic', 'query matched', withChanges(elasticFired, { action_group: 'query matched' }), 'error', 'trigger'],
  ['elastic', 'recovered', withChanges(elasticFired, { action_group: 'recovered' }), 'info', 'resolve'],
  ['appdynamics', 'POLICY_OPEN_CRITICAL', appdynamicsOpenCritical, 'critical', 'trigger'],
  ['appdynamics', 'POLICY_OPEN_WARNING', withChanges(appdynamicsOpenCritical, { event_type: 'POLICY_OPEN_WARNING' }), 'warning', 'trigger'],
  ['appdynamics', 'POLICY_UPGRADED (severity ERROR)', withChanges(appdynamicsOpenCritical, { event_type: 'POLICY_UPGRADED' }), 'critical', 'trigger'],
  ['appdynamics', 'POLICY_CANCELED_WARNING', withChanges(appdynamicsOpenCritical, { event_type: 'POLICY_CANCELED_WARNING' }), 'warning', 'resolve'],
  ...(['P1', 'P2', 'P3', 'P4', 'P5'] as const).map(
    (p, i): SeverityRow => ['opsgenie', p, withChanges(opsgenieCreate, { priority: p }), (['critical', 'error', 'warning', 'info', 'info'] as const)[i]!, 'trigger'],
  ),
  ['opsgenie', '(no priority: P3)', withChanges(opsgenieCreate, { priority: DELETE }), 'warning', 'trigger'],
  ['opsgenie', 'close', opsgenieClose, 'info', 'resolve'],
];

type DedupRow = [source: SourceType, rule: string, body: unknown, dedupKey: string];

const DEDUP_ROWS: DedupRow[] = [
  ['alertmanager', 'fingerprint', alertmanagerResolved, '5f1d6b8a3c2e9f04'],
  ['alertmanager', 'label-set fingerprint without one', withChanges(alertmanagerResolved, { 'alerts.0.fingerprint': DELETE }), labelSetFingerprint(alertmanagerResolved.alerts[0]!.labels)],
  ['grafana', 'fingerprint', grafanaFiring, 'c6eadffa33fcdf37'],
  ['grafana', 'label-set fingerprint without one', withChanges(grafanaFiring, { 'alerts.0.fingerprint': DELETE }), labelSetFingerprint(grafanaFiring.alerts[0]!.labels as Record<string, string>)],
  ['prometheus', "Alertmanager's label-set fingerprint", prometheusFiring, labelSetFingerprint(prometheusFiring[0]!.labels)],
  ['pagerduty', 'dedup_key', withChanges(pagerdutyTrigger, { dedup_key: 'srv01/mysql/disk' }), 'srv01/mysql/disk'],
  ['pagerduty', 'the raw envelope id for a trigger without one', withChanges(pagerdutyTrigger, { dedup_key: DELETE }), RAW_ID],
  ['cloudwatch', 'account:region:alarm name', cloudwatchAlarm, '123456789012:EU (Ireland):prod-api-cpu-high'],
  ['azure-monitor', 'essentials.alertId', azureFired, azureFired.data.essentials.alertId],
  ['datadog', 'aggregation_key', datadogTriggered, '9bd4ac313a4d1e8fae2482df7b77628'],
  ['datadog', 'alert_id without an aggregation key', withChanges(datadogTriggered, { aggregation_key: DELETE, alert_id: '1234567' }), '1234567'],
  ['datadog', 'monitor name and group from the title (default payload)', withChanges(datadogTriggered, { aggregation_key: DELETE, alert_id: DELETE }), 'datadog:Service checkout has a high error rate on {host:web-04}'],
  ['sentry', 'issue id (issue alert)', sentryEventAlert, '1117540176'],
  ['sentry', 'issue id (issue webhook)', sentryIssueCreated, '1170820242'],
  ['github', 'repository:workflow@branch', githubWorkflowFailed, 'example-org/payments:CI@main'],
  ['github', 'repository:check name@branch', githubCheckRunTimedOut, 'example-org/payments:integration-tests@release/2.14'],
  ['newrelic', 'issue id', newrelicActivated, 'd1b1f3fd-995a-4066-88ab-8ce4f6960654'],
  ['uptime-kuma', 'uptime-kuma:monitor id', uptimeKumaDown, 'uptime-kuma:29'],
  ['uptimerobot', 'uptimerobot:monitor id', uptimeRobotDown, 'uptimerobot:793214567'],
  ['uptimerobot', 'uptimerobot:monitor id:ssl for certificate expiry', uptimeRobotSslExpiry, 'uptimerobot:793214567:ssl'],
  ['stet', 'one rolling key per integration', stetCritical, STET_DEDUP_KEY],
  ['gitlab', 'project:pipeline@ref', gitlabPipelineFailed, 'gitlab-org/gitlab-test:pipeline@master'],
  ['gitlab', 'project:deployment:environment', gitlabDeploymentFailed, 'gitlab-org/gitlab-test:deployment:production'],
  ['better-stack', 'better-stack:incident id', betterStackStarted, 'better-stack:480922113'],
  ['pingdom', 'pingdom:check id', pingdomDown, 'pingdom:8301125'],
  ['google-cloud-monitoring', 'gcm:incident id', gcmOpen, 'gcm:0.opqiw61fsv7p'],
  ['splunk-oncall', 'entity_id', splunkOnCallCritical, 'd4061866bc333de2350285b0452a21f78349e3d63b4f06b6c956f64f95d7be36'],
  ['splunk-oncall', 'the raw envelope id without an entity_id', withChanges(splunkOnCallCritical, { entity_id: DELETE }), RAW_ID],
  ['honeycomb', 'honeycomb:trigger id', honeycombTriggered, 'honeycomb:HpPzqZtCNA5'],
  ['honeycomb', 'honeycomb:trigger URL without an id', withChanges(honeycombTriggered, { id: DELETE }), `honeycomb:${honeycombTriggered.trigger_url}`],
  ['splunk-observability', 'splunk-observability:incidentId', splunkObservabilityAnomalous, 'splunk-observability:FhZ2Hq5AgAE'],
  ['bitbucket', 'repository:build@branch', bitbucketFailed, 'example-team/payments:build@main'],
  ['bitbucket', 'repository:status key without a branch', withChanges(bitbucketFailed, { 'commit_status.refname': DELETE }), 'example-team/payments:4188d6c44f'],
  ['dynatrace', 'dynatrace:PID', dynatraceOpen, 'dynatrace:-5713274289513742436_1714564320000V2'],
  ['elastic', 'elastic:rule id:alert id', elasticFired, 'elastic:8c2b4f60-07a1-11ef-9d5e-6b1f3e2a9c11:checkout'],
  ['appdynamics', 'appdynamics:incident id', appdynamicsOpenCritical, 'appdynamics:2187'],
  ['opsgenie', 'alias', opsgenieCreate, 'checkout-error-rate'],
  ['opsgenie', 'the raw envelope id without an alias', withChanges(opsgenieCreate, { alias: DELETE }), RAW_ID],
  ['generic', 'dedup_key', genericTrigger, 'backup/nightly/orders-db'],
];

describe('mapping rules of every source', () => {
  describe('default severity maps', () => {
    for (const [source, value, body, severity, action] of SEVERITY_ROWS) {
      it(`${source}: ${value} -> ${severity}, ${action}`, () => {
        const alert = first(source, body);
        assert.deepEqual([alert.severity, alert.action], [severity, action]);
      });
    }

    it('covers every source', () => {
      assert.deepEqual(new Set(SEVERITY_ROWS.map(([s]) => s)), new Set(SOURCE_TYPES));
    });
  });

  describe('dedup keys', () => {
    for (const [source, rule, body, dedupKey] of DEDUP_ROWS) {
      it(`${source}: ${rule}`, () => assert.equal(first(source, body).dedupKey, dedupKey));
    }

    it('covers every source', () => {
      assert.deepEqual(new Set(DEDUP_ROWS.map(([s]) => s)), new Set(SOURCE_TYPES));
    });
  });
});
