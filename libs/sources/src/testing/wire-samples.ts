import { type SourceType } from '@herald/contracts';
import { alertmanagerWire } from '../alertmanager/alertmanager.wire.js';
import { azureMonitorWire } from '../azure-monitor/azure-monitor.wire.js';
import { cloudwatchWire } from '../cloudwatch/cloudwatch.wire.js';
import { datadogWire } from '../datadog/datadog.wire.js';
import { gitlabWire } from '../gitlab/gitlab.wire.js';
import { betterStackWire } from '../better-stack/better-stack.wire.js';
import { pingdomWire } from '../pingdom/pingdom.wire.js';
import { googleCloudMonitoringWire } from '../google-cloud-monitoring/google-cloud-monitoring.wire.js';
import { splunkOnCallWire } from '../splunk-oncall/splunk-oncall.wire.js';
import { honeycombWire } from '../honeycomb/honeycomb.wire.js';
import { splunkObservabilityWire } from '../splunk-observability/splunk-observability.wire.js';
import { bitbucketWire } from '../bitbucket/bitbucket.wire.js';
import { dynatraceWire } from '../dynatrace/dynatrace.wire.js';
import { elasticWire } from '../elastic/elastic.wire.js';
import { appdynamicsWire } from '../appdynamics/appdynamics.wire.js';
import { opsgenieWire } from '../opsgenie/opsgenie.wire.js';
import { genericWire } from '../generic/generic.wire.js';
import { githubWire } from '../github/github.wire.js';
import { grafanaWire } from '../grafana/grafana.wire.js';
import { newrelicWire } from '../newrelic/newrelic.wire.js';
import { pagerdutyWire } from '../pagerduty/pagerduty.wire.js';
import { prometheusWire } from '../prometheus/prometheus.wire.js';
import { sentryWire } from '../sentry/sentry.wire.js';
import { stetWire } from '../stet/stet.wire.js';
import { uptimeKumaWire } from '../uptime-kuma/uptime-kuma.wire.js';
import { uptimeRobotWire } from '../uptimerobot/uptimerobot.wire.js';
import { type WireSamples } from './wire-sample.js';

/**
 * Every source's requests as its tool sends them by default, replayed by the unit tests
 * and, over HTTP through the whole pipeline, by test/e2e/sources-wire.test.ts.
 */
export const WIRE_SAMPLES: Readonly<Record<SourceType, WireSamples>> = {
  alertmanager: alertmanagerWire,
  prometheus: prometheusWire,
  grafana: grafanaWire,
  pagerduty: pagerdutyWire,
  cloudwatch: cloudwatchWire,
  'azure-monitor': azureMonitorWire,
  datadog: datadogWire,
  sentry: sentryWire,
  github: githubWire,
  newrelic: newrelicWire,
  'uptime-kuma': uptimeKumaWire,
  uptimerobot: uptimeRobotWire,
  stet: stetWire,
  gitlab: gitlabWire,
  'better-stack': betterStackWire,
  pingdom: pingdomWire,
  'google-cloud-monitoring': googleCloudMonitoringWire,
  'splunk-oncall': splunkOnCallWire,
  honeycomb: honeycombWire,
  'splunk-observability': splunkObservabilityWire,
  bitbucket: bitbucketWire,
  dynatrace: dynatraceWire,
  elastic: elasticWire,
  appdynamics: appdynamicsWire,
  opsgenie: opsgenieWire,
  generic: genericWire,
};
