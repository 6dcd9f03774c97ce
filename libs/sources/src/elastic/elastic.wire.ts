import { type WireSamples, jsonBody } from '../testing/wire-sample.js';
import { elasticFired, elasticRecovered } from './elastic.samples.js';

const KEY = 'elastic:8c2b4f60-07a1-11ef-9d5e-6b1f3e2a9c11:checkout';

export const elasticWire: WireSamples = {
  source: 'elastic',
  origin:
    'elastic.co/guide/en/kibana/current/webhook-action-type.html and rule-action-variables.html: the Webhook connector posts ' +
    'the body the rule action defines; it has no default. These are rendered from Herald\'s documented template of Kibana ' +
    'variables ({{rule.id}}, {{rule.name}}, {{rule.url}}, {{alert.id}}, {{alert.uuid}}, {{alert.actionGroup}}, ' +
    '{{alert.actionGroupName}}, {{context.reason}}, {{date}}, {{rule.tags}}, {{rule.spaceId}}), with one action on ' +
    '"Fired" and one on "Recovered".',
  samples: [
    { name: 'fired', body: jsonBody(elasticFired), expect: [{ action: 'trigger', severity: 'error', dedupKey: KEY }] },
    { name: 'recovered', body: jsonBody(elasticRecovered), expect: [{ action: 'resolve', severity: 'info', dedupKey: KEY }] },
  ],
};
