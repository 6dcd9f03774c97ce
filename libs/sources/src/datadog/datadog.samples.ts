/** Bodies produced by Herald's documented Datadog payload template (see README). */
export const datadogTriggered = {
  id: '7316451263827464923',
  title: '[Triggered on {host:web-04}] Service checkout has a high error rate',
  body: '%%%\nError rate is 7.2% (threshold 5%).\n\n@webhook-herald\n%%%',
  alert_type: 'error',
  alert_transition: 'Triggered',
  aggregation_key: '9bd4ac313a4d1e8fae2482df7b77628',
  alert_id: '1234567',
  priority: 'P2',
  tags: 'env:prod,service:checkout,team:payments,monitor',
  url: 'https://app.datadoghq.com/monitors/1234567?group=host%3Aweb-04',
  date: '1714564200000',
  last_updated: '1714564200000',
  hostname: 'web-04',
  org: { id: '123', name: 'Example Inc' },
};

export const datadogRecovered = {
  ...datadogTriggered,
  id: '7316451263827464999',
  title: '[Recovered on {host:web-04}] Service checkout has a high error rate',
  body: '%%%\nError rate is back to 0.4%.\n%%%',
  alert_type: 'success',
  alert_transition: 'Recovered',
  date: '1714566000000',
  last_updated: '1714566000000',
};

export const datadogWarn = {
  ...datadogTriggered,
  id: '7316451263827465001',
  title: '[Warn on {host:web-04}] Service checkout has a high error rate',
  alert_type: 'warning',
  alert_transition: 'Warn',
  aggregation_key: '',
  aggreg_key: 'b1946ac92492d2347c6235b4d2611184',
  tags: ['env:prod', 'service:checkout'],
};

export const datadogSamples = { datadogTriggered, datadogRecovered, datadogWarn };
