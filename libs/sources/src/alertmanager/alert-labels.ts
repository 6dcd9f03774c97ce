import { type Severity } from '@herald/contracts';
import { labelSetFingerprint } from '../core/fingerprint.js';
import { toStringMap, type ScalarMap } from '../core/maps.js';
import { type SeverityResolver } from '../core/severity.js';
import { firstText } from '../core/text.js';
import { isoTime } from '../core/time.js';
import { type AlertDraft } from '../core/types.js';

/**
 * Rules shared by the Prometheus family (Alertmanager, Prometheus postable alerts,
 * Grafana): severity lives in `labels.severity`, the text in annotations.
 */
export const PROMETHEUS_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  page: 'critical',
  error: 'error',
  warning: 'warning',
  info: 'info',
};

export const PROMETHEUS_FALLBACK_SEVERITY: Severity = 'info';

export function summaryOf(labels: Record<string, string>, annotations: Record<string, string>): string | undefined {
  return firstText(annotations.summary, annotations.description, labels.alertname);
}

export function serviceOf(labels: Record<string, string>): string | undefined {
  return firstText(labels.service, labels.job);
}

export function runbookLink(annotations: Record<string, string>): { href: string | undefined; text: string } {
  return { href: firstText(annotations.runbook_url, annotations.runbook), text: 'Runbook' };
}

/** The fields an Alertmanager-shaped alert carries (Alertmanager webhook, Grafana). */
export interface AlertmanagerShapedAlert {
  readonly status: string;
  readonly labels: ScalarMap;
  readonly annotations?: ScalarMap | null | undefined;
  readonly startsAt?: string | null | undefined;
  readonly endsAt?: string | null | undefined;
  readonly fingerprint?: string | null | undefined;
}

/**
 * One draft from an Alertmanager-shaped alert: status → action, fingerprint (the sender's,
 * else the one Alertmanager would compute) → dedup key, `labels.severity` → severity, occurredAt from the
 * alert's own times. Callers add their format's own details and links.
 */
export function alertmanagerShapedDraft(
  alert: AlertmanagerShapedAlert,
  severity: SeverityResolver,
  extra: {
    details: Record<string, unknown>;
    links: (annotations: Record<string, string>) => AlertDraft['links'];
    /** Ignore the sender's fingerprint and compute it (the Prometheus integration folds both shapes). */
    computeFingerprint?: boolean;
  },
): AlertDraft {
  const labels = toStringMap(alert.labels);
  const annotations = toStringMap(alert.annotations);
  const resolved = alert.status === 'resolved';
  const startsAt = isoTime(alert.startsAt);
  const endsAt = isoTime(alert.endsAt);
  return {
    action: resolved ? 'resolve' : 'trigger',
    dedupKey: (extra.computeFingerprint ? undefined : firstText(alert.fingerprint)) ?? labelSetFingerprint(labels),
    severity: severity(labels.severity, PROMETHEUS_FALLBACK_SEVERITY),
    summary: summaryOf(labels, annotations),
    service: serviceOf(labels),
    labels,
    annotations,
    details: { status: alert.status, fingerprint: firstText(alert.fingerprint), startsAt: alert.startsAt, endsAt: alert.endsAt, ...extra.details },
    links: [...(extra.links(annotations) ?? []), runbookLink(annotations)],
    occurredAt: resolved ? (endsAt ?? startsAt) : startsAt,
    endsAt,
  };
}
