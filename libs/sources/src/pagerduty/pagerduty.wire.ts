import { type WireSamples, jsonBody } from '../testing/wire-sample.js';
import { pagerdutyAcknowledge, pagerdutyResolve, pagerdutyTrigger } from './pagerduty.samples.js';

export const pagerdutyWire: WireSamples = {
  source: 'pagerduty',
  origin:
    'developer.pagerduty.com/docs/events-api-v2/trigger-events (and acknowledge-events, resolve-events): ' +
    'POST /v2/enqueue with routing_key, event_action, dedup_key and, for a trigger, payload {summary, source, severity, ' +
    'timestamp, component, group, class, custom_details}, images, links, client, client_url.',
  samples: [
    { name: 'trigger', body: jsonBody(pagerdutyTrigger), expect: [{ action: 'trigger', severity: 'critical', dedupKey: 'srv01/mysql/disk' }] },
    { name: 'acknowledge', body: jsonBody(pagerdutyAcknowledge), expect: [{ action: 'acknowledge', severity: 'info', dedupKey: 'srv01/mysql/disk' }] },
    { name: 'resolve', body: jsonBody(pagerdutyResolve), expect: [{ action: 'resolve', severity: 'info', dedupKey: 'srv01/mysql/disk' }] },
  ],
};
