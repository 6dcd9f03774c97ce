/** Webhook payloads shaped like Alertmanager's documented webhook_config body (version 4). */
const base = {
  version: '4',
  groupKey: '{}/{team="storage"}:{alertname="DiskFillingUp"}',
  truncatedAlerts: 0,
  receiver: 'herald',
  groupLabels: { alertname: 'DiskFillingUp' },
  commonLabels: { alertname: 'DiskFillingUp', team: 'storage' },
  commonAnnotations: {},
  externalURL: 'https://alertmanager.example.com',
};

export const alertmanagerFiring = {
  ...base,
  status: 'firing',
  alerts: [
    {
      status: 'firing',
      labels: {
        alertname: 'DiskFillingUp',
        severity: 'critical',
        team: 'storage',
        instance: 'db-1:9100',
        job: 'node',
        mountpoint: '/var/lib/postgresql',
      },
      annotations: {
        summary: 'Disk /var/lib/postgresql on db-1 will fill within 4 hours',
        description: 'Filesystem is 91.3% full and growing.',
        runbook_url: 'https://runbooks.example.com/disk-filling-up',
      },
      startsAt: '2024-05-01T11:52:30.123456789Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'https://prometheus.example.com/graph?g0.expr=predict_linear%28node_filesystem_avail_bytes%5B6h%5D%2C+4+%2A+3600%29+%3C+0',
      fingerprint: '5f1d6b8a3c2e9f04',
    },
    {
      status: 'firing',
      labels: { alertname: 'DiskFillingUp', severity: 'warning', team: 'storage', instance: 'db-2:9100', job: 'node' },
      annotations: { description: 'Filesystem on db-2 is 82% full.' },
      startsAt: '2024-05-01T11:55:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'https://prometheus.example.com/graph?g0.expr=node_filesystem_avail_bytes',
      fingerprint: '9a0c4e7b1d3f2a68',
    },
  ],
};

export const alertmanagerResolved = {
  ...base,
  status: 'resolved',
  alerts: [
    {
      status: 'resolved',
      labels: {
        alertname: 'DiskFillingUp',
        severity: 'critical',
        team: 'storage',
        instance: 'db-1:9100',
        job: 'node',
        mountpoint: '/var/lib/postgresql',
      },
      annotations: { summary: 'Disk /var/lib/postgresql on db-1 will fill within 4 hours' },
      startsAt: '2024-05-01T11:52:30.123456789Z',
      endsAt: '2024-05-01T12:41:00Z',
      generatorURL: 'https://prometheus.example.com/graph?g0.expr=node_filesystem_avail_bytes',
      fingerprint: '5f1d6b8a3c2e9f04',
    },
  ],
};

export const alertmanagerSamples = { alertmanagerFiring, alertmanagerResolved };
