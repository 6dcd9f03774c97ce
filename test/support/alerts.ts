/** An Alertmanager webhook (payload version 4), as Alertmanager sends it. */
export function alertmanagerWebhook(alerts: ReadonlyArray<{ labels: Record<string, string>; summary: string; status?: 'firing' | 'resolved'; fingerprint?: string }>): Record<string, unknown> {
  const status = alerts.every((a) => a.status === 'resolved') ? 'resolved' : 'firing';
  return {
    version: '4',
    groupKey: '{}:{alertname="DiskFull"}',
    truncatedAlerts: 0,
    status,
    receiver: 'herald',
    groupLabels: { alertname: alerts[0]?.labels.alertname ?? 'test' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    alerts: alerts.map((a) => ({
      status: a.status ?? 'firing',
      labels: a.labels,
      annotations: { summary: a.summary },
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: a.status === 'resolved' ? new Date().toISOString() : '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example:9090/graph?g0.expr=up',
      ...(a.fingerprint ? { fingerprint: a.fingerprint } : {}),
    })),
  };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** herald.yaml's `integrations:` section with one Alertmanager integration (tests append `dispatch:`). */
export function alertmanagerIntegrationYaml(id: string, key: string): string {
  return `
integrations:
  - id: ${id}
    name: Alertmanager
    source: alertmanager
    key: ${key}
`;
}
