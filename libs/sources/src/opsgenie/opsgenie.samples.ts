/** Opsgenie Alert API v2 request bodies, as in its "Create alert" and "Close alert" docs. */
export const opsgenieCreate = {
  message: 'Checkout error rate above 5%',
  alias: 'checkout-error-rate',
  description: 'The 5xx ratio of checkout has been above 5% for 10 minutes.',
  responders: [{ name: 'Payments', type: 'team' }],
  visibleTo: [{ name: 'Payments', type: 'team' }],
  actions: ['Restart', 'Roll back'],
  tags: ['production', 'team:payments'],
  details: { region: 'eu-west-1', error_rate: '7.2%' },
  entity: 'checkout',
  source: 'grafana.example.com',
  priority: 'P1',
  user: 'monitoring@example.com',
  note: 'Opened by the checkout error-rate rule',
};

/** What ingestion records for `POST /v2/alerts/checkout-error-rate/acknowledge?identifierType=alias`. */
export const opsgenieAcknowledge = { opsgenieAction: 'acknowledge', alias: 'checkout-error-rate', user: 'meredith@example.com', source: 'Herald API client', note: 'Looking into it' };

/** What ingestion records for `POST /v2/alerts/checkout-error-rate/close?identifierType=alias`. */
export const opsgenieClose = { opsgenieAction: 'close', alias: 'checkout-error-rate', user: 'monitoring@example.com', source: 'grafana.example.com', note: 'Error rate back to 0.4%' };

export const opsgenieSamples = { opsgenieCreate, opsgenieAcknowledge, opsgenieClose };
