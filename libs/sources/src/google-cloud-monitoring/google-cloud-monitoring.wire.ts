import { type WireSamples, jsonBody } from '../testing/wire-sample.js';
import { gcmClosed, gcmOpen } from './google-cloud-monitoring.samples.js';

export const googleCloudMonitoringWire: WireSamples = {
  source: 'google-cloud-monitoring',
  origin:
    'cloud.google.com/monitoring/support/notification-options#webhooks (schema version 1.2): {incident: {incident_id, ' +
    'scoping_project_id, url, severity, started_at, ended_at (Unix seconds), state ("open"/"closed"), summary, ' +
    'observed_value, resource, resource_display_name, metric, metadata, policy_name, policy_user_labels, documentation, ' +
    'condition, condition_name, threshold_value}, version: "1.2"}; the channel authenticates with HTTP Basic or a token in the URL.',
  samples: [
    { name: 'open', body: jsonBody(gcmOpen), expect: [{ action: 'trigger', severity: 'critical', dedupKey: 'gcm:0.opqiw61fsv7p' }] },
    { name: 'closed', body: jsonBody(gcmClosed), expect: [{ action: 'resolve', severity: 'critical', dedupKey: 'gcm:0.opqiw61fsv7p' }] },
  ],
};
