import { type WireSamples, jsonBody } from '../testing/wire-sample.js';
import { grafanaFiring, grafanaResolved } from './grafana.samples.js';

export const grafanaWire: WireSamples = {
  source: 'grafana',
  origin:
    'grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier: ' +
    'the webhook contact point body (receiver, status, orgId, alerts[] with values, valueString, fingerprint, silenceURL, ' +
    'dashboardURL, panelURL; groupLabels, commonLabels, externalURL, version "1", groupKey, truncatedAlerts, title, state, ' +
    'message), values from its example.',
  samples: [
    {
      name: 'firing (two alerts)',
      body: jsonBody(grafanaFiring),
      expect: [
        { action: 'trigger', severity: 'warning', dedupKey: 'c6eadffa33fcdf37' },
        { action: 'trigger', severity: 'info', dedupKey: 'bc97ff14869b13e3' },
      ],
    },
    { name: 'resolved', body: jsonBody(grafanaResolved), expect: [{ action: 'resolve', severity: 'warning', dedupKey: 'c6eadffa33fcdf37' }] },
  ],
};
