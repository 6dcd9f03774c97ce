import { type Severity } from '@herald/contracts';
import { firstText } from '../core/text.js';

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
