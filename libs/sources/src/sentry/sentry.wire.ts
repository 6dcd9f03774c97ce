import { type WireSamples, jsonBody } from '../testing/wire-sample.js';
import { sentryEventAlert, sentryIssueAssigned, sentryIssueCreated, sentryIssueResolved } from './sentry.samples.js';

const installation = { uuid: '7a485448-a9e2-4c85-8a3c-4f44175783c9' };
const actor = { id: 'sentry', name: 'Sentry', type: 'application' };

function metricAlert(action: 'critical' | 'warning' | 'resolved', title: string, dateClosed: string | null): string {
  return jsonBody({
    action,
    actor,
    data: {
      description_text: '1042 events in the last 10 minutes\nFilter: level:error',
      description_title: `${title}: Too many checkout errors`,
      metric_alert: {
        alert_rule: {
          aggregate: 'count()',
          created_by: null,
          dataset: 'events',
          date_created: '2024-04-02T09:12:44.116939Z',
          date_modified: '2024-04-02T09:12:44.116958Z',
          environment: 'production',
          id: '7',
          include_all_projects: false,
          name: 'Too many checkout errors',
          organization_id: '5',
          projects: ['checkout-web'],
          query: 'level:error',
          resolution: 1,
          resolve_threshold: null,
          status: 0,
          threshold_period: 1,
          threshold_type: 0,
          time_window: 10,
          triggers: [],
        },
        date_closed: dateClosed,
        date_created: '2024-05-01T11:40:12.000000Z',
        date_detected: '2024-05-01T11:40:00Z',
        date_started: '2024-05-01T11:40:00Z',
        id: '4',
        identifier: '4',
        organization_id: '5',
        projects: ['checkout-web'],
        status: dateClosed === null ? 20 : 2,
        status_method: dateClosed === null ? 3 : 2,
        title: 'Too many checkout errors',
        type: 2,
      },
      web_url: 'https://sentry.io/organizations/example-org/alerts/rules/details/7/?alert=4',
    },
    installation,
  });
}

export const sentryWire: WireSamples = {
  source: 'sentry',
  origin:
    'docs.sentry.io/integrations/integration-platform/webhooks: issue alerts (Sentry-Hook-Resource: event_alert, ' +
    'action "triggered", data.event and data.triggered_rule), issues (Sentry-Hook-Resource: issue, actions created, ' +
    'resolved, assigned, ignored, data.issue) and metric alerts (Sentry-Hook-Resource: metric_alert, actions critical, ' +
    'warning, resolved, data.metric_alert with its alert_rule, data.description_title, description_text, web_url).',
  samples: [
    {
      name: 'issue alert triggered',
      headers: { 'sentry-hook-resource': 'event_alert' },
      body: jsonBody(sentryEventAlert),
      expect: [{ action: 'trigger', severity: 'error', dedupKey: '1117540176' }],
    },
    {
      name: 'issue created',
      headers: { 'sentry-hook-resource': 'issue' },
      body: jsonBody(sentryIssueCreated),
      expect: [{ action: 'trigger', severity: 'critical', dedupKey: '1170820242' }],
    },
    {
      name: 'issue assigned',
      headers: { 'sentry-hook-resource': 'issue' },
      body: jsonBody(sentryIssueAssigned),
      expect: [{ action: 'acknowledge', severity: 'critical', dedupKey: '1170820242' }],
    },
    {
      name: 'issue resolved',
      headers: { 'sentry-hook-resource': 'issue' },
      body: jsonBody(sentryIssueResolved),
      expect: [{ action: 'resolve', severity: 'critical', dedupKey: '1170820242' }],
    },
    {
      name: 'metric alert warning',
      headers: { 'sentry-hook-resource': 'metric_alert' },
      body: metricAlert('warning', 'Warning', null),
      expect: [{ action: 'trigger', severity: 'warning', dedupKey: 'metric-alert:4' }],
    },
    {
      name: 'metric alert critical',
      headers: { 'sentry-hook-resource': 'metric_alert' },
      body: metricAlert('critical', 'Critical', null),
      expect: [{ action: 'trigger', severity: 'critical', dedupKey: 'metric-alert:4' }],
    },
    {
      name: 'metric alert resolved',
      headers: { 'sentry-hook-resource': 'metric_alert' },
      body: metricAlert('resolved', 'Resolved', '2024-05-01T12:05:00.000000Z'),
      expect: [{ action: 'resolve', severity: 'info', dedupKey: 'metric-alert:4' }],
    },
  ],
};
