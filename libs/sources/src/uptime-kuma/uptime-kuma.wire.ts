import { type WireSamples, jsonBody } from '../testing/wire-sample.js';
import { uptimeKumaDown, uptimeKumaTest, uptimeKumaUp } from './uptime-kuma.samples.js';

export const uptimeKumaWire: WireSamples = {
  source: 'uptime-kuma',
  origin:
    'louislam/uptime-kuma server/notification-providers/webhook.js: with the default JSON body it posts ' +
    '{heartbeat, monitor, msg} (heartbeat.status 0 down, 1 up); the "Test" button posts heartbeat and monitor null.',
  samples: [
    { name: 'test notification', body: jsonBody(uptimeKumaTest), expect: [] },
    { name: 'down', body: jsonBody(uptimeKumaDown), expect: [{ action: 'trigger', severity: 'critical', dedupKey: 'uptime-kuma:29' }] },
    { name: 'up', body: jsonBody(uptimeKumaUp), expect: [{ action: 'resolve', severity: 'info', dedupKey: 'uptime-kuma:29' }] },
  ],
};
