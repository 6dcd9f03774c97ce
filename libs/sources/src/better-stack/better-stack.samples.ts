/** Better Stack Uptime incident webhooks, shaped as its incident resource (Uptime API docs, "Response attributes"). */
function incident(status: string, times: { acknowledged_at?: string; acknowledged_by?: string; resolved_at?: string; resolved_by?: string }) {
  return {
    data: {
      id: '480922113',
      type: 'incident',
      attributes: {
        name: 'Public API',
        url: 'https://api.example.com/health',
        http_method: 'get',
        cause: 'Status 503',
        incident_group_id: null,
        started_at: '2024-05-01T11:52:04.000Z',
        acknowledged_at: times.acknowledged_at ?? null,
        acknowledged_by: times.acknowledged_by ?? null,
        resolved_at: times.resolved_at ?? null,
        resolved_by: times.resolved_by ?? null,
        status,
        team_name: 'Platform',
        response_content: '<html><body>503 Service Unavailable</body></html>',
        response_options: null,
        regions: ['us', 'eu'],
        response_url: 'https://uptime.betterstack.com/team/1/incidents/480922113/response',
        screenshot_url: null,
        origin_url: null,
        escalation_policy_id: null,
        call: true,
        sms: true,
        email: true,
        push: true,
        metadata: {},
      },
      relationships: { monitor: { data: { id: '2211', type: 'monitor' } } },
    },
  };
}

export const betterStackStarted = incident('Started', {});
export const betterStackAcknowledged = incident('Acknowledged', { acknowledged_at: '2024-05-01T11:55:40.000Z', acknowledged_by: 'ops@example.com' });
export const betterStackResolved = incident('Resolved', {
  acknowledged_at: '2024-05-01T11:55:40.000Z',
  acknowledged_by: 'ops@example.com',
  resolved_at: '2024-05-01T12:07:31.000Z',
  resolved_by: 'Automatically',
});

export const betterStackSamples = { betterStackStarted, betterStackAcknowledged, betterStackResolved };
