import { labelSetFingerprint } from '../core/fingerprint.js';
import { type WireSamples, jsonBody } from '../testing/wire-sample.js';

const labels = { alertname: 'HighErrorRate', severity: 'page', service: 'checkout', job: 'api', instance: 'api-7:8080' };
const KEY = labelSetFingerprint(labels);
const annotations = { summary: 'checkout 5xx ratio above 5% for 10 minutes', runbook_url: 'https://runbooks.example.com/high-error-rate' };
const generatorURL = 'http://prometheus:9090/graph?g0.expr=job%3Aerrors%3Aratio5m+%3E+0.05&g0.tab=1';

export const prometheusWire: WireSamples = {
  source: 'prometheus',
  origin:
    "Prometheus's notifier (notifier/notifier.go) posts a JSON array of alerts {labels, annotations, startsAt, endsAt, " +
    "generatorURL} to Alertmanager's POST /api/v2/alerts (Alertmanager's OpenAPI postableAlerts); a firing alert's " +
    'endsAt is pushed ahead at each evaluation (here far ahead, so the sample stays firing whenever it is replayed), a ' +
    "resolved one's endsAt is the time it stopped. The same alert relayed by Alertmanager's webhook_config (see the " +
    'alertmanager samples) is accepted here too and folds into the same incident.',
  samples: [
    {
      name: 'firing, posted by Prometheus',
      body: JSON.stringify([{ labels, annotations, startsAt: '2024-05-01T11:40:00.000Z', endsAt: '2999-01-01T00:00:00.000Z', generatorURL }]),
      expect: [{ action: 'trigger', severity: 'critical', dedupKey: KEY }],
    },
    {
      name: 'resolved, relayed by Alertmanager',
      body: jsonBody({
        receiver: 'herald',
        status: 'resolved',
        alerts: [
          { status: 'resolved', labels, annotations, startsAt: '2024-05-01T11:40:00Z', endsAt: '2024-05-01T11:59:30Z', generatorURL, fingerprint: KEY },
        ],
        groupLabels: { alertname: 'HighErrorRate' },
        commonLabels: labels,
        commonAnnotations: annotations,
        externalURL: 'http://alertmanager:9093',
        version: '4',
        groupKey: '{}:{alertname="HighErrorRate"}',
        truncatedAlerts: 0,
      }),
      expect: [{ action: 'resolve', severity: 'critical', dedupKey: KEY }],
    },
  ],
};
