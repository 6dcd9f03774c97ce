import { type WireSamples, jsonBody } from '../testing/wire-sample.js';
import { splunkObservabilityAnomalous, splunkObservabilityOk } from './splunk-observability.samples.js';

const KEY = 'splunk-observability:FhZ2Hq5AgAE';

export const splunkObservabilityWire: WireSamples = {
  source: 'splunk-observability',
  origin:
    'dev.splunk.com/observability/docs/integrations/webhook_integration_overview and help.splunk.com ("Send alert ' +
    'notifications to a webhook"): the default payload carries detector, detectorId, detectorUrl, incidentId, rule, ' +
    'severity (Critical, Major, Minor, Warning, Info), status and statusExtended (anomalous, ok, manually resolved, ' +
    'stopped), eventType, description, messageTitle, messageBody, runbookUrl, tip, originatingMetric, inputs, dimensions, ' +
    'imageUrl, timestamp, sf_schema.',
  samples: [
    { name: 'anomalous', body: jsonBody(splunkObservabilityAnomalous), expect: [{ action: 'trigger', severity: 'critical', dedupKey: KEY }] },
    { name: 'ok', body: jsonBody(splunkObservabilityOk), expect: [{ action: 'resolve', severity: 'critical', dedupKey: KEY }] },
  ],
};
