import { z } from 'zod';

/**
 * Every format Herald accepts. The value is also a NATS subject token
 * (`alerts.raw.<source>`), so it may contain only [a-z0-9-].
 */
export const SOURCE_TYPES = [
  'alertmanager',
  'prometheus',
  'grafana',
  'pagerduty',
  'cloudwatch',
  'azure-monitor',
  'datadog',
  'sentry',
  'github',
  'newrelic',
  'uptime-kuma',
  'uptimerobot',
  'stet',
  'gitlab',
  'better-stack',
  'pingdom',
  'google-cloud-monitoring',
  'splunk-oncall',
  'honeycomb',
  'splunk-observability',
  'bitbucket',
  'dynatrace',
  'elastic',
  'appdynamics',
  'opsgenie',
  'generic',
] as const;

export const SourceType = z.enum(SOURCE_TYPES);
export type SourceType = z.infer<typeof SourceType>;

export const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** Higher number is more severe; used to detect escalation. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = {
  info: 0,
  warning: 1,
  error: 2,
  critical: 3,
};

/**
 * Whose dedup keys an integration's alerts are matched against: its own (`integration`, the
 * default, as PagerDuty scopes a key to its routing key) or every `global` integration's.
 */
export const DedupScope = z.enum(['integration', 'global']);
export type DedupScope = z.infer<typeof DedupScope>;

export const AlertAction = z.enum(['trigger', 'acknowledge', 'resolve']);
export type AlertAction = z.infer<typeof AlertAction>;
