/** Bodies rendered from New Relic's default workflow webhook payload template. */
export const newrelicActivated = {
  id: 'd1b1f3fd-995a-4066-88ab-8ce4f6960654',
  issueUrl: 'https://radar-api.service.newrelic.com/accounts/1234567/issues/d1b1f3fd-995a-4066-88ab-8ce4f6960654?notifier=WEBHOOK',
  title: "Memory Used % > 90 for at least 2 minutes on 'checkout-api'",
  priority: 'CRITICAL',
  impactedEntities: ['checkout-api', 'checkout-api-host-3'],
  totalIncidents: 1,
  state: 'ACTIVATED',
  trigger: 'STATE_CHANGE',
  isCorrelated: false,
  createdAt: 1714564680123,
  updatedAt: 1714564681456,
  sources: ['newrelic'],
  alertPolicyNames: ['Checkout golden signals'],
  alertConditionNames: ['Memory high'],
  workflowName: 'Herald',
};

export const newrelicAcknowledged = {
  ...newrelicActivated,
  state: 'ACKNOWLEDGED',
  trigger: 'ACKNOWLEDGED',
  updatedAt: 1714564981000,
};

export const newrelicClosed = {
  ...newrelicActivated,
  state: 'CLOSED',
  trigger: 'STATE_CHANGE',
  updatedAt: 1714566000000,
};

export const newrelicSamples = { newrelicActivated, newrelicAcknowledged, newrelicClosed };
