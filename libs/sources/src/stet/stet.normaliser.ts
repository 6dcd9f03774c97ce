import { type Severity } from '@herald/contracts';
import { parseWith } from '../core/field-errors.js';
import { sha256Hex } from '../core/hashing.js';
import { compactText } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { firstText, idText } from '../core/text.js';
import { anyTime } from '../core/time.js';
import { stetEscalation, type StetEscalation } from './stet.schema.js';

export const STET_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  warn: 'warning',
  none: 'info',
};

/** The same set of systems is the same problem, whatever order stet lists them in. */
export function affectedSystemsKey(systems: readonly string[]): string {
  const unique = [...new Set(systems.map((s) => s.trim()).filter((s) => s !== ''))].sort();
  return `stet:${sha256Hex(JSON.stringify(unique))}`;
}

export const stetSource = defineSource<StetEscalation>({
  source: 'stet',
  severityMap: STET_SEVERITY_MAP,
  parse: (body) => parseWith(stetEscalation, body),
  toAlerts: (payload, _ctx, severity) => {
    const { escalation, summary, affected_systems: systems, ...rest } = payload;
    const listed = systems.map((s) => s.trim()).filter((s) => s !== '');
    return {
      drafts: [
        {
          action: escalation === 'NONE' ? 'resolve' : 'trigger',
          dedupKey: idText(payload.dedup_key) ?? idText(payload.id) ?? affectedSystemsKey(systems),
          severity: severity(escalation, 'warning'),
          summary: firstText(summary) ?? (listed.length > 0 ? `Escalation ${escalation}: ${listed.join(', ')}` : undefined),
          labels: compactText({ affected_systems: listed.join(',') }),
          annotations: {},
          details: { ...rest, escalation, affected_systems: systems },
          occurredAt: anyTime(payload.timestamp, 'ms'),
        },
      ],
    };
  },
});
