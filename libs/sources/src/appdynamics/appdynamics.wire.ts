import { type WireSamples, jsonBody } from '../testing/wire-sample.js';
import { appdynamicsCloseCritical, appdynamicsOpenCritical } from './appdynamics.samples.js';

export const appdynamicsWire: WireSamples = {
  source: 'appdynamics',
  origin:
    'docs.appdynamics.com (HTTP Request Actions and Templates; Predefined Templating Variables): an HTTP request template ' +
    'posts the body it defines, there is no default. These are rendered from Herald\'s documented template of ' +
    '${latestEvent.eventType} (POLICY_OPEN_CRITICAL, POLICY_CLOSE_CRITICAL, ...), ${latestEvent.id}, ' +
    '${latestEvent.incident.id}, ${latestEvent.displayName}, ${latestEvent.summaryMessage}, ${latestEvent.severity}, ' +
    '${latestEvent.deepLink}, ${latestEvent.application.name}, ${latestEvent.healthRule.name}, ' +
    '${latestEvent.affectedEntity.name}, ${latestEvent.eventTimestamp}.',
  samples: [
    { name: 'health rule violation started (critical)', body: jsonBody(appdynamicsOpenCritical), expect: [{ action: 'trigger', severity: 'critical', dedupKey: 'appdynamics:2187' }] },
    { name: 'health rule violation ended', body: jsonBody(appdynamicsCloseCritical), expect: [{ action: 'resolve', severity: 'critical', dedupKey: 'appdynamics:2187' }] },
  ],
};
