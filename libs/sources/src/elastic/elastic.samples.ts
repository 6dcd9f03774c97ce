/** Bodies rendered from Herald's documented Kibana Webhook connector template (see README). */
const rule = {
  rule_id: '8c2b4f60-07a1-11ef-9d5e-6b1f3e2a9c11',
  rule_name: 'Checkout error logs',
  rule_url: 'https://kibana.example.com/app/observability/alerts/rules/8c2b4f60-07a1-11ef-9d5e-6b1f3e2a9c11',
  alert_id: 'checkout',
  alert_uuid: '5f0c2a7e-3b41-4d8e-9a6f-0e7d1c2b3a4f',
  tags: 'production,checkout',
  space_id: 'default',
};

export const elasticFired = {
  ...rule,
  action_group: 'logs.threshold.fired',
  action_group_name: 'Fired',
  reason: '142 log entries in the last 5 mins for service.name: checkout. Alert when > 100.',
  date: '2024-05-01T11:52:04.117Z',
};

export const elasticRecovered = {
  ...rule,
  action_group: 'recovered',
  action_group_name: 'Recovered',
  reason: '12 log entries in the last 5 mins for service.name: checkout. Alert when > 100.',
  date: '2024-05-01T12:07:31.870Z',
};

export const elasticSamples = { elasticFired, elasticRecovered };
