import { type WireSamples, jsonBody } from '../testing/wire-sample.js';
import { newrelicActivated, newrelicClosed } from './newrelic.samples.js';

const KEY = 'd1b1f3fd-995a-4066-88ab-8ce4f6960654';

export const newrelicWire: WireSamples = {
  source: 'newrelic',
  origin:
    'docs.newrelic.com/docs/alerts/get-notified (workflows, webhook destination): the default payload template renders ' +
    'id ({{ json issueId }}), issueUrl, title, priority, impactedEntities, totalIncidents, state (CREATED, ACTIVATED, ' +
    'CLOSED), trigger ({{ json triggerEvent }}: STATE_CHANGE, USER_ACTION, ...), isCorrelated, createdAt, updatedAt ' +
    '(epoch ms), sources, alertPolicyNames, alertConditionNames, workflowName. An acknowledgement keeps state ACTIVATED ' +
    'with trigger USER_ACTION.',
  samples: [
    {
      name: 'activated',
      body: jsonBody(newrelicActivated),
      expect: [{ action: 'trigger', severity: 'critical', dedupKey: KEY }],
    },
    {
      name: 'acknowledged (ACTIVATED by USER_ACTION)',
      body: jsonBody({ ...newrelicActivated, trigger: 'USER_ACTION', updatedAt: 1714564981000 }),
      expect: [{ action: 'acknowledge', severity: 'critical', dedupKey: KEY }],
    },
    {
      name: 'closed',
      body: jsonBody(newrelicClosed),
      expect: [{ action: 'resolve', severity: 'critical', dedupKey: KEY }],
    },
  ],
};
