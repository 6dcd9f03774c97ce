import { z } from 'zod';
import { IdLike, LooseTime, OptText } from '../core/schemas.js';

/** Issue alert rule fired (`Sentry-Hook-Resource: event_alert`, action "triggered"). */
export const sentryEventAlert = z.object({
  action: z.literal('triggered'),
  data: z.object({
    event: z.object({
      issue_id: IdLike.pipe(z.string().min(1)),
      event_id: OptText,
      level: OptText,
      title: OptText,
      message: OptText,
      culprit: OptText,
      environment: OptText,
      platform: OptText,
      web_url: OptText,
      url: OptText,
      issue_url: OptText,
      project: IdLike.nullish(),
      datetime: OptText,
      timestamp: LooseTime,
      // Sentry sends tags as [key, value] pairs.
      tags: z.array(z.unknown()).nullish(),
    }),
    triggered_rule: OptText,
  }),
});
export type SentryEventAlert = z.infer<typeof sentryEventAlert>;

/** Issue resource webhook (`Sentry-Hook-Resource: issue`): created, resolved, assigned, ... */
export const sentryIssueEvent = z.object({
  action: z.string().min(1),
  data: z.object({
    issue: z.object({
      id: IdLike.pipe(z.string().min(1)),
      shortId: OptText,
      title: OptText,
      culprit: OptText,
      level: OptText,
      status: OptText,
      platform: OptText,
      permalink: OptText,
      web_url: OptText,
      firstSeen: OptText,
      lastSeen: OptText,
      project: z.object({ id: IdLike.nullish(), name: OptText, slug: OptText }).nullish(),
    }),
  }),
});
export type SentryIssueEvent = z.infer<typeof sentryIssueEvent>;

export const SENTRY_METRIC_ACTIONS = ['critical', 'warning', 'resolved'] as const;

/** Metric alert (`Sentry-Hook-Resource: metric_alert`): one Sentry incident of an alert rule. */
export const sentryMetricAlert = z.object({
  action: z.enum(SENTRY_METRIC_ACTIONS),
  data: z.object({
    description_title: OptText,
    description_text: OptText,
    web_url: OptText,
    metric_alert: z.object({
      id: IdLike.pipe(z.string().min(1)),
      identifier: IdLike.nullish(),
      title: OptText,
      date_started: OptText,
      date_detected: OptText,
      date_closed: OptText,
      projects: z.array(z.string()).nullish(),
      alert_rule: z
        .object({ id: IdLike.nullish(), name: OptText, aggregate: OptText, query: OptText, environment: OptText, projects: z.array(z.string()).nullish() })
        .nullish(),
    }),
  }),
});
export type SentryMetricAlert = z.infer<typeof sentryMetricAlert>;

export type SentryPayload =
  | { kind: 'event-alert'; value: SentryEventAlert }
  | { kind: 'metric-alert'; value: SentryMetricAlert }
  | { kind: 'issue'; value: SentryIssueEvent };
