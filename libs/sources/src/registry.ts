import { type Severity, type SourceType } from '@herald/contracts';
import { alertmanagerSource } from './alertmanager/alertmanager.normaliser.js';
import { azureMonitorSource } from './azure-monitor/azure-monitor.normaliser.js';
import { cloudwatchSource } from './cloudwatch/cloudwatch.normaliser.js';
import { type SourceHandler } from './core/source-definition.js';
import { datadogSource } from './datadog/datadog.normaliser.js';
import { genericSource } from './generic/generic.normaliser.js';
import { githubSource } from './github/github.normaliser.js';
import { grafanaSource } from './grafana/grafana.normaliser.js';
import { newrelicSource } from './newrelic/newrelic.normaliser.js';
import { pagerdutySource } from './pagerduty/pagerduty.normaliser.js';
import { prometheusSource } from './prometheus/prometheus.normaliser.js';
import { sentrySource } from './sentry/sentry.normaliser.js';
import { stetSource } from './stet/stet.normaliser.js';
import { uptimeKumaSource } from './uptime-kuma/uptime-kuma.normaliser.js';
import { uptimeRobotSource } from './uptimerobot/uptimerobot.normaliser.js';
import { gitlabSource } from './gitlab/gitlab.normaliser.js';
import { betterStackSource } from './better-stack/better-stack.normaliser.js';
import { pingdomSource } from './pingdom/pingdom.normaliser.js';
import { googleCloudMonitoringSource } from './google-cloud-monitoring/google-cloud-monitoring.normaliser.js';
import { splunkOnCallSource } from './splunk-oncall/splunk-oncall.normaliser.js';
import { honeycombSource } from './honeycomb/honeycomb.normaliser.js';
import { splunkObservabilitySource } from './splunk-observability/splunk-observability.normaliser.js';
import { bitbucketSource } from './bitbucket/bitbucket.normaliser.js';
import { dynatraceSource } from './dynatrace/dynatrace.normaliser.js';
import { elasticSource } from './elastic/elastic.normaliser.js';
import { appdynamicsSource } from './appdynamics/appdynamics.normaliser.js';
import { opsgenieSource } from './opsgenie/opsgenie.normaliser.js';

/** One handler per source type; the Record type makes a missing source a compile error. */
export const SOURCES: Readonly<Record<SourceType, SourceHandler>> = {
  alertmanager: alertmanagerSource,
  prometheus: prometheusSource,
  grafana: grafanaSource,
  pagerduty: pagerdutySource,
  cloudwatch: cloudwatchSource,
  'azure-monitor': azureMonitorSource,
  datadog: datadogSource,
  sentry: sentrySource,
  github: githubSource,
  newrelic: newrelicSource,
  'uptime-kuma': uptimeKumaSource,
  uptimerobot: uptimeRobotSource,
  stet: stetSource,
  gitlab: gitlabSource,
  'better-stack': betterStackSource,
  pingdom: pingdomSource,
  'google-cloud-monitoring': googleCloudMonitoringSource,
  'splunk-oncall': splunkOnCallSource,
  honeycomb: honeycombSource,
  'splunk-observability': splunkObservabilitySource,
  bitbucket: bitbucketSource,
  dynatrace: dynatraceSource,
  elastic: elasticSource,
  appdynamics: appdynamicsSource,
  opsgenie: opsgenieSource,
  generic: genericSource,
};

/** Each source's documented severity map: its own value, lower-cased, to a Herald severity. */
export const DEFAULT_SEVERITY_MAPS = Object.fromEntries(
  Object.entries(SOURCES).map(([source, handler]) => [source, { ...handler.severityMap }]),
) as Record<SourceType, Record<string, Severity>>;
