import { type Severity } from '@herald/contracts';
import { parseWith } from '../core/field-errors.js';
import { compactText } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { anyTime } from '../core/time.js';
import { stetEscalation, type StetEscalation } from './stet.schema.js';

export const STET_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  warn: 'warning',
  none: 'info',
};

/**
 * STET reports one escalation level for everything it watches, so an integration has one
 * rolling incident: WARN opens it, CRITICAL escalates it, NONE resolves it.
 */
export const STET_DEDUP_KEY = 'stet:enforcement-escalation';

function summaryText({ escalation, summary, affected_systems: systems }: StetEscalation): string {
  if (escalation === 'NONE') return 'STET enforcement: all systems OK';
  const counts = [
    summary?.missing ? `${summary.missing} MISSING` : undefined,
    summary?.stale ? `${summary.stale} STALE` : undefined,
  ].filter((part) => part !== undefined);
  const listed = (systems ?? []).map((s) => (s.status ? `${s.system_id} (${s.status})` : s.system_id));
  const what = counts.length > 0 ? counts.join(', ') : `${listed.length} affected`;
  return `STET enforcement ${escalation}: ${what}${listed.length > 0 ? ` — ${listed.join(', ')}` : ''}`;
}

export const stetSource = defineSource<StetEscalation>({
  source: 'stet',
  severityMap: STET_SEVERITY_MAP,
  parse: (body) => parseWith(stetEscalation, body),
  toAlerts: (payload, _ctx, severity) => {
    const systems = payload.affected_systems ?? [];
    return {
      drafts: [
        {
          action: payload.escalation === 'NONE' ? 'resolve' : 'trigger',
          dedupKey: STET_DEDUP_KEY,
          severity: severity(payload.escalation, 'warning'),
          summary: summaryText(payload),
          labels: compactText({ escalation: payload.escalation }),
          annotations: {},
          details: { ...payload, summary: payload.summary ?? {}, affected_systems: systems },
          occurredAt: anyTime(payload.evaluated_at, 's'),
        },
      ],
    };
  },
});
