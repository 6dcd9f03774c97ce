import { type WireSamples, jsonBody } from '../testing/wire-sample.js';
import { opsgenieAcknowledge, opsgenieClose, opsgenieCreate } from './opsgenie.samples.js';

const KEY = 'checkout-error-rate';
const fields = ({ user, source, note }: { user: string; source: string; note: string }) => jsonBody({ user, source, note });

export const opsgenieWire: WireSamples = {
  source: 'opsgenie',
  origin:
    'docs.opsgenie.com/docs/alert-api: POST /v2/alerts {message (≤130), alias, description, responders, visibleTo, ' +
    'actions, tags, details, entity, source, priority (P1-P5, default P3), user, note}; POST ' +
    '/v2/alerts/{identifier}/close and /acknowledge?identifierType=alias {user, source, note}; Authorization: GenieKey <key>; ' +
    'answered 202 {result: "Request will be processed", took, requestId}.',
  samples: [
    { name: 'create alert', path: '/v2/alerts', body: jsonBody(opsgenieCreate), expect: [{ action: 'trigger', severity: 'critical', dedupKey: KEY }] },
    {
      name: 'acknowledge by alias',
      path: `/v2/alerts/${KEY}/acknowledge?identifierType=alias`,
      body: fields(opsgenieAcknowledge),
      recorded: opsgenieAcknowledge,
      expect: [{ action: 'acknowledge', severity: 'info', dedupKey: KEY }],
    },
    {
      name: 'close by alias',
      path: `/v2/alerts/${KEY}/close?identifierType=alias`,
      body: fields(opsgenieClose),
      recorded: opsgenieClose,
      expect: [{ action: 'resolve', severity: 'info', dedupKey: KEY }],
    },
  ],
};
