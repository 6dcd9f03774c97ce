import { type WireSamples, jsonBody } from '../testing/wire-sample.js';
import { betterStackAcknowledged, betterStackResolved, betterStackStarted } from './better-stack.samples.js';

const KEY = 'better-stack:480922113';

export const betterStackWire: WireSamples = {
  source: 'better-stack',
  origin:
    'betterstack.com/docs/uptime/api/incidents-api-response-params and the Uptime webhook integration: the incident ' +
    'resource {data: {id, type: "incident", attributes: {name, url, http_method, cause, started_at, acknowledged_at, ' +
    'acknowledged_by, resolved_at, resolved_by, status (Unconfirmed, Started, Acknowledged, Resolved, Validating), ' +
    'team_name, regions, ...}, relationships}} is posted on every status change.',
  samples: [
    { name: 'started', body: jsonBody(betterStackStarted), expect: [{ action: 'trigger', severity: 'critical', dedupKey: KEY }] },
    { name: 'acknowledged', body: jsonBody(betterStackAcknowledged), expect: [{ action: 'acknowledge', severity: 'critical', dedupKey: KEY }] },
    { name: 'resolved', body: jsonBody(betterStackResolved), expect: [{ action: 'resolve', severity: 'info', dedupKey: KEY }] },
  ],
};
