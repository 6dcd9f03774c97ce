import { type WireSamples, jsonBody } from '../testing/wire-sample.js';
import { splunkOnCallAcknowledgement, splunkOnCallCriticalBody, splunkOnCallRecoveryBody } from './splunk-oncall.samples.js';

const KEY = 'd4061866bc333de2350285b0452a21f78349e3d63b4f06b6c956f64f95d7be36';

export const splunkOnCallWire: WireSamples = {
  source: 'splunk-oncall',
  origin:
    "help.splunk.com (Splunk On-Call, REST Endpoint integration): POST JSON with message_type (CRITICAL, WARNING, INFO, " +
    'ACKNOWLEDGEMENT, RECOVERY), entity_id, entity_display_name, state_message, monitoring_tool, state_start_time and ' +
    "any extra fields, to /integrations/generic/20131114/alert/<api_key>/<routing_key>. Trigger and recovery are the " +
    'exact bytes Alertmanager 0.25 sends with victorops_configs defaults (captured); the acknowledgement follows the docs.',
  samples: [
    { name: 'CRITICAL (Alertmanager)', body: splunkOnCallCriticalBody, expect: [{ action: 'trigger', severity: 'critical', dedupKey: KEY }] },
    { name: 'ACKNOWLEDGEMENT', body: jsonBody(splunkOnCallAcknowledgement), expect: [{ action: 'acknowledge', severity: 'info', dedupKey: KEY }] },
    { name: 'RECOVERY (Alertmanager)', body: splunkOnCallRecoveryBody, expect: [{ action: 'resolve', severity: 'info', dedupKey: KEY }] },
  ],
};
