/** Honeycomb trigger webhooks with the default body (Honeycomb docs, "Webhook payload"; fields as its triggers send them). */
const trigger = {
  version: 'v0.1.0',
  shared_secret: 'hc-shared-secret',
  id: 'HpPzqZtCNA5',
  name: 'Checkout p99 latency',
  trigger_description: 'p99 of duration_ms for service.name = checkout',
  trigger_url: 'https://ui.honeycomb.io/example/environments/production/datasets/checkout/triggers/HpPzqZtCNA5',
  operator: 'greater than',
  threshold: 2000,
  result_url: 'https://ui.honeycomb.io/example/environments/production/datasets/checkout/result/g8Pwij7UvK7',
  is_test: false,
};

export const honeycombTriggered = {
  ...trigger,
  status: 'TRIGGERED',
  summary: 'Triggered: Checkout p99 latency',
  description: 'Currently greater than threshold value (2000) for service.name:checkout (value 2412.5)',
  result_groups: [{ Group: { 'service.name': 'checkout' }, Result: 2412.5 }],
  result_groups_triggered: [{ Group: { 'service.name': 'checkout' }, Result: 2412.5 }],
};

export const honeycombOk = {
  ...trigger,
  status: 'OK',
  summary: 'Resolved: Checkout p99 latency',
  description: 'No longer greater than threshold value (2000)',
  result_groups: [{ Group: { 'service.name': 'checkout' }, Result: 812.25 }],
  result_groups_triggered: [],
};

export const honeycombSamples = { honeycombTriggered, honeycombOk };
