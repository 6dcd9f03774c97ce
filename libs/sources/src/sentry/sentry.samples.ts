/** Sentry integration-platform webhooks: an issue alert (event_alert) and issue events. */
export const sentryEventAlert = {
  action: 'triggered',
  installation: { uuid: 'a8e5d37a-696c-4c54-adb5-b3f28d64c7de' },
  data: {
    event: {
      event_id: 'e4874d664c3540c1a32eab185f12c5ab',
      project: 1,
      release: 'checkout@2.14.0',
      platform: 'javascript',
      message: '',
      datetime: '2024-05-01T11:58:37.391000Z',
      tags: [
        ['browser', 'Chrome 124.0.0'],
        ['environment', 'production'],
        ['level', 'error'],
      ],
      culprit: '?(runner)',
      environment: 'production',
      fingerprint: ['{{ default }}'],
      level: 'error',
      location: 'webpack:///./src/checkout/pay.ts',
      metadata: { filename: '/runner', type: 'ReferenceError', value: 'paymentIntent is not defined' },
      received: 1714564717.677,
      timestamp: 1714564717.391,
      title: 'ReferenceError: paymentIntent is not defined',
      type: 'error',
      version: '7',
      url: 'https://sentry.io/api/0/projects/example-org/checkout-web/events/e4874d664c3540c1a32eab185f12c5ab/',
      web_url: 'https://sentry.io/organizations/example-org/issues/1117540176/events/e4874d664c3540c1a32eab185f12c5ab/',
      issue_url: 'https://sentry.io/api/0/issues/1117540176/',
      issue_id: '1117540176',
    },
    triggered_rule: 'Page on new checkout errors',
  },
  actor: { type: 'application', id: 'sentry', name: 'Sentry' },
};

const issue = {
  id: '1170820242',
  shareId: null,
  shortId: 'CHECKOUT-WEB-9',
  title: 'Error: Loading chunk 3 failed.',
  culprit: '?(runtime)',
  permalink: null,
  logger: null,
  level: 'fatal',
  status: 'unresolved',
  statusDetails: {},
  isPublic: false,
  platform: 'javascript',
  project: { id: '1', name: 'checkout-web', slug: 'checkout-web', platform: 'javascript' },
  type: 'error',
  metadata: { filename: '/runtime', type: 'ChunkLoadError', value: 'Loading chunk 3 failed.' },
  numComments: 0,
  assignedTo: null,
  isBookmarked: false,
  isSubscribed: false,
  hasSeen: false,
  annotations: [],
  isUnhandled: false,
  count: '1',
  userCount: 0,
  firstSeen: '2024-05-01T11:58:37.391000Z',
  lastSeen: '2024-05-01T11:58:37.391000Z',
  url: 'https://sentry.io/api/0/organizations/example-org/issues/1170820242/',
  web_url: 'https://sentry.io/organizations/example-org/issues/1170820242/',
  project_url: 'https://sentry.io/organizations/example-org/projects/checkout-web/',
};

export const sentryIssueCreated = {
  action: 'created',
  installation: { uuid: 'a8e5d37a-696c-4c54-adb5-b3f28d64c7de' },
  data: { issue },
  actor: { type: 'application', id: 'sentry', name: 'Sentry' },
};

export const sentryIssueResolved = {
  action: 'resolved',
  installation: { uuid: 'a8e5d37a-696c-4c54-adb5-b3f28d64c7de' },
  data: { issue: { ...issue, status: 'resolved', statusDetails: { inRelease: 'latest' } } },
  actor: { type: 'user', id: 1, name: 'Meredith' },
};

export const sentryIssueAssigned = {
  action: 'assigned',
  installation: { uuid: 'a8e5d37a-696c-4c54-adb5-b3f28d64c7de' },
  data: { issue: { ...issue, assignedTo: { type: 'user', id: '1', name: 'Meredith', email: 'meredith@example.com' } } },
  actor: { type: 'user', id: 1, name: 'Meredith' },
};

export const sentrySamples = { sentryEventAlert, sentryIssueCreated, sentryIssueResolved, sentryIssueAssigned };
