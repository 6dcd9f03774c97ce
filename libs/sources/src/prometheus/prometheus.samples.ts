interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
}

/** Bodies as Prometheus posts them to Alertmanager's `POST /api/v2/alerts`. */
export const prometheusFiring: PostableAlert[] = [
  {
    labels: { alertname: 'HighErrorRate', severity: 'page', service: 'checkout', job: 'api', instance: 'api-7:8080' },
    annotations: {
      summary: 'checkout 5xx ratio above 5% for 10 minutes',
      runbook_url: 'https://runbooks.example.com/high-error-rate',
    },
    startsAt: '2024-05-01T11:40:00.000Z',
    // Prometheus keeps a firing alert alive by pushing endsAt into the future.
    endsAt: '2024-05-01T12:04:00.000Z',
    generatorURL: 'http://prometheus:9090/graph?g0.expr=job%3Aerrors%3Aratio5m+%3E+0.05&g0.tab=1',
  },
  {
    labels: { alertname: 'TargetDown', job: 'node', instance: 'cache-3:9100' },
    annotations: { description: 'cache-3 has been unreachable for 5 minutes.' },
    startsAt: '2024-05-01T11:58:10Z',
    endsAt: '2024-05-01T12:02:10Z',
    generatorURL: 'http://prometheus:9090/graph?g0.expr=up+%3D%3D+0',
  },
];

export const prometheusResolved: PostableAlert[] = [
  {
    labels: { alertname: 'HighErrorRate', severity: 'page', service: 'checkout', job: 'api', instance: 'api-7:8080' },
    annotations: { summary: 'checkout 5xx ratio above 5% for 10 minutes' },
    startsAt: '2024-05-01T11:40:00.000Z',
    endsAt: '2024-05-01T11:59:30.000Z',
    generatorURL: 'http://prometheus:9090/graph?g0.expr=job%3Aerrors%3Aratio5m+%3E+0.05&g0.tab=1',
  },
];

export const prometheusSamples = { prometheusFiring, prometheusResolved };
