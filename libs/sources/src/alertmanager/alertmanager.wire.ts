import { labelSetFingerprint } from '../core/fingerprint.js';
import { type WireSamples, jsonBody } from '../testing/wire-sample.js';

const labels = { alertname: 'DiskFillingUp', severity: 'critical', team: 'storage', instance: 'db-1:9100', job: 'node', mountpoint: '/var/lib/postgresql' };
const KEY = labelSetFingerprint(labels);

function notification(status: 'firing' | 'resolved', endsAt: string): string {
  return jsonBody({
    receiver: 'herald',
    status,
    alerts: [
      {
        status,
        labels,
        annotations: { summary: 'Disk /var/lib/postgresql on db-1 will fill within 4 hours', runbook_url: 'https://runbooks.example.com/disk-filling-up' },
        startsAt: '2024-05-01T11:52:30.123456789Z',
        endsAt,
        generatorURL: 'https://prometheus.example.com/graph?g0.expr=predict_linear%28node_filesystem_avail_bytes%5B6h%5D%2C+4+%2A+3600%29+%3C+0&g0.tab=1',
        fingerprint: KEY,
      },
    ],
    groupLabels: { alertname: 'DiskFillingUp' },
    commonLabels: labels,
    commonAnnotations: { summary: 'Disk /var/lib/postgresql on db-1 will fill within 4 hours' },
    externalURL: 'http://alertmanager.example.com:9093',
    version: '4',
    groupKey: '{}:{alertname="DiskFillingUp"}',
    truncatedAlerts: 0,
  });
}

export const alertmanagerWire: WireSamples = {
  source: 'alertmanager',
  origin:
    'prometheus.io/docs/alerting/latest/configuration/#webhook_config: the webhook body (version "4") with receiver, ' +
    'status, alerts[] (status, labels, annotations, startsAt, endsAt, generatorURL, fingerprint), groupLabels, ' +
    'commonLabels, commonAnnotations, externalURL, groupKey, truncatedAlerts; field order as Alertmanager 0.25 ' +
    '(template.Data) marshals it. The fingerprint is the one a real Alertmanager 0.25 computes for these labels.',
  samples: [
    { name: 'firing', body: notification('firing', '0001-01-01T00:00:00Z'), expect: [{ action: 'trigger', severity: 'critical', dedupKey: KEY }] },
    { name: 'resolved', body: notification('resolved', '2024-05-01T12:41:00Z'), expect: [{ action: 'resolve', severity: 'critical', dedupKey: KEY }] },
  ],
};
