import { type AlertAction, type Severity } from '@herald/contracts';
import { parseWith } from '../core/field-errors.js';
import { compactText, lookup, toStringMap } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { firstText } from '../core/text.js';
import { anyTime } from '../core/time.js';
import { splunkObservabilityAlert, type SplunkObservabilityAlert } from './splunk-observability.schema.js';

/** Keyed by the detector rule's severity. */
export const SPLUNK_OBSERVABILITY_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  major: 'error',
  minor: 'warning',
  warning: 'warning',
  info: 'info',
};

/** `anomalous` fires; `ok`, `manually resolved` and `stopped` (detector stopped or muted) clear. */
const ACTIONS: Readonly<Record<string, AlertAction>> = {
  anomalous: 'trigger',
  ok: 'resolve',
  'manually resolved': 'resolve',
  stopped: 'resolve',
};

export const splunkObservabilitySource = defineSource<SplunkObservabilityAlert>({
  source: 'splunk-observability',
  severityMap: SPLUNK_OBSERVABILITY_SEVERITY_MAP,
  parse: (body) => parseWith(splunkObservabilityAlert, body),
  toAlerts: (alert, _ctx, severity) => {
    const status = firstText(alert.statusExtended, alert.status)?.toLowerCase() ?? '';
    const action = lookup(ACTIONS, status) ?? lookup(ACTIONS, alert.status.toLowerCase());
    if (action === undefined) return { drafts: [] };
    const dimensions = toStringMap(alert.dimensions);
    return {
      drafts: [
        {
          action,
          dedupKey: `splunk-observability:${alert.incidentId}`,
          severity: severity(alert.severity, 'warning'),
          summary: firstText(alert.messageTitle, alert.description, alert.rule, alert.detector),
          service: firstText(dimensions['service.name'], dimensions.sf_service, dimensions.service),
          labels: { ...dimensions, ...compactText({ detector: alert.detector, rule: alert.rule }) },
          annotations: compactText({ message: alert.messageBody, description: alert.description, tip: alert.tip }),
          details: { incidentId: alert.incidentId, detectorId: alert.detectorId, status: alert.status, statusExtended: alert.statusExtended, originatingMetric: alert.originatingMetric, inputs: alert.inputs },
          links: [
            { href: alert.detectorUrl, text: 'Detector' },
            { href: alert.runbookUrl, text: 'Runbook' },
            { href: alert.imageUrl, text: 'Chart' },
          ],
          occurredAt: anyTime(alert.timestamp, 'ms'),
        },
      ],
    };
  },
});
