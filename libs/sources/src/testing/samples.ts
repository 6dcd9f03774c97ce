import { type SourceType } from '@herald/contracts';
import { alertmanagerSamples } from '../alertmanager/alertmanager.samples.js';
import { azureMonitorSamples } from '../azure-monitor/azure-monitor.samples.js';
import { cloudwatchSamples } from '../cloudwatch/cloudwatch.samples.js';
import { datadogSamples } from '../datadog/datadog.samples.js';
import { gitlabSamples } from '../gitlab/gitlab.samples.js';
import { betterStackSamples } from '../better-stack/better-stack.samples.js';
import { pingdomSamples } from '../pingdom/pingdom.samples.js';
import { googleCloudMonitoringSamples } from '../google-cloud-monitoring/google-cloud-monitoring.samples.js';
import { splunkOnCallSamples } from '../splunk-oncall/splunk-oncall.samples.js';
import { honeycombSamples } from '../honeycomb/honeycomb.samples.js';
import { splunkObservabilitySamples } from '../splunk-observability/splunk-observability.samples.js';
import { bitbucketSamples } from '../bitbucket/bitbucket.samples.js';
import { dynatraceSamples } from '../dynatrace/dynatrace.samples.js';
import { elasticSamples } from '../elastic/elastic.samples.js';
import { appdynamicsSamples } from '../appdynamics/appdynamics.samples.js';
import { opsgenieSamples } from '../opsgenie/opsgenie.samples.js';
import { genericSamples } from '../generic/generic.samples.js';
import { githubSamples } from '../github/github.samples.js';
import { grafanaSamples } from '../grafana/grafana.samples.js';
import { newrelicSamples } from '../newrelic/newrelic.samples.js';
import { pagerdutySamples } from '../pagerduty/pagerduty.samples.js';
import { prometheusSamples } from '../prometheus/prometheus.samples.js';
import { sentrySamples } from '../sentry/sentry.samples.js';
import { stetSamples } from '../stet/stet.samples.js';
import { uptimeKumaSamples } from '../uptime-kuma/uptime-kuma.samples.js';
import { uptimeRobotSamples } from '../uptimerobot/uptimerobot.samples.js';

/** Every realistic sample, per source: the seeds of the property tests. */
export const SAMPLES: Readonly<Record<SourceType, readonly unknown[]>> = {
  alertmanager: Object.values(alertmanagerSamples),
  prometheus: Object.values(prometheusSamples),
  grafana: Object.values(grafanaSamples),
  pagerduty: Object.values(pagerdutySamples),
  cloudwatch: Object.values(cloudwatchSamples),
  'azure-monitor': Object.values(azureMonitorSamples),
  datadog: Object.values(datadogSamples),
  sentry: Object.values(sentrySamples),
  github: Object.values(githubSamples),
  newrelic: Object.values(newrelicSamples),
  'uptime-kuma': Object.values(uptimeKumaSamples),
  uptimerobot: Object.values(uptimeRobotSamples),
  stet: Object.values(stetSamples),
  gitlab: Object.values(gitlabSamples),
  'better-stack': Object.values(betterStackSamples),
  pingdom: Object.values(pingdomSamples),
  'google-cloud-monitoring': Object.values(googleCloudMonitoringSamples),
  'splunk-oncall': Object.values(splunkOnCallSamples),
  honeycomb: Object.values(honeycombSamples),
  'splunk-observability': Object.values(splunkObservabilitySamples),
  bitbucket: Object.values(bitbucketSamples),
  dynatrace: Object.values(dynatraceSamples),
  elastic: Object.values(elasticSamples),
  appdynamics: Object.values(appdynamicsSamples),
  opsgenie: Object.values(opsgenieSamples),
  generic: Object.values(genericSamples),
};
