import { type WireSamples, jsonBody } from '../testing/wire-sample.js';
import { honeycombOk, honeycombTriggered } from './honeycomb.samples.js';

export const honeycombWire: WireSamples = {
  source: 'honeycomb',
  origin:
    'docs.honeycomb.io/notify/webhooks: without a custom template a trigger posts {version: "v0.1.0", shared_secret, id, ' +
    'name, trigger_description, trigger_url, status ("TRIGGERED" or "OK"), summary, description, operator, threshold, ' +
    'result_url, result_groups, result_groups_triggered, is_test} and sends the secret in X-Honeycomb-Webhook-Token.',
  samples: [
    { name: 'TRIGGERED', body: jsonBody(honeycombTriggered), expect: [{ action: 'trigger', severity: 'warning', dedupKey: 'honeycomb:HpPzqZtCNA5' }] },
    { name: 'OK', body: jsonBody(honeycombOk), expect: [{ action: 'resolve', severity: 'info', dedupKey: 'honeycomb:HpPzqZtCNA5' }] },
  ],
};
