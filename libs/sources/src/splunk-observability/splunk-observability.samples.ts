/** Splunk Observability Cloud detector webhooks with the default payload (its webhook integration docs, "Default payload"). */
const alert = {
  detector: 'Checkout latency',
  detectorId: 'FhY8pA0AgAA',
  detectorUrl: 'https://app.us1.signalfx.com/#/detector/FhY8pA0AgAA/edit',
  incidentId: 'FhZ2Hq5AgAE',
  rule: 'Checkout p99 above 2s',
  severity: 'Critical',
  eventType: 'FhY8pA0AgAA__FhY8pA0AgAA__Checkout p99 above 2s',
  description: 'The value of service.request.duration.ns.p99 is above 2000000000.',
  runbookUrl: 'https://runbooks.example.com/checkout-latency',
  tip: 'Check the payment provider first.',
  originatingMetric: 'service.request.duration.ns.p99',
  dimensions: { 'service.name': 'checkout', 'deployment.environment': 'production', sf_metric: 'service.request.duration.ns.p99' },
  sf_schema: 2,
  imageUrl: 'https://app.us1.signalfx.com/#/chart/FhY8pA0AgAA/image',
};

export const splunkObservabilityAnomalous = {
  ...alert,
  status: 'anomalous',
  statusExtended: 'anomalous',
  messageTitle: 'Critical Alert: Checkout latency (Checkout p99 above 2s)',
  messageBody: 'Rule "Checkout p99 above 2s" in detector "Checkout latency" triggered at Wed, 1 May 2024 11:52:04 GMT.',
  inputs: { A: { key: { 'service.name': 'checkout' }, value: '2412500000', fragment: "data('service.request.duration.ns.p99').publish(label='A')" } },
  timestamp: '2024-05-01T11:52:04.000Z',
};

export const splunkObservabilityOk = {
  ...alert,
  status: 'ok',
  statusExtended: 'ok',
  messageTitle: 'Back to normal: Checkout latency (Checkout p99 above 2s)',
  messageBody: 'Rule "Checkout p99 above 2s" in detector "Checkout latency" cleared at Wed, 1 May 2024 12:07:31 GMT.',
  inputs: { A: { key: { 'service.name': 'checkout' }, value: '812250000', fragment: "data('service.request.duration.ns.p99').publish(label='A')" } },
  timestamp: '2024-05-01T12:07:31.000Z',
};

export const splunkObservabilitySamples = { splunkObservabilityAnomalous, splunkObservabilityOk };
