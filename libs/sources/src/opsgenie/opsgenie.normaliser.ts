import { type Severity } from '@herald/contracts';
import { parseWith } from '../core/field-errors.js';
import { compactText, isRecord } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { firstText } from '../core/text.js';
import { type AlertDraft, type NormaliseContext, type ParseResult } from '../core/types.js';
import { type SeverityResolver } from '../core/severity.js';
import { opsgenieAlertAction, opsgenieCreateAlert, type OpsgenieCreateAlert, type OpsgeniePayload } from './opsgenie.schema.js';

/** Keyed by priority; Opsgenie's default is P3. */
export const OPSGENIE_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  p1: 'critical',
  p2: 'error',
  p3: 'warning',
  p4: 'info',
  p5: 'info',
};

function parseOpsgenie(body: unknown): ParseResult<OpsgeniePayload> {
  if (isRecord(body) && body.opsgenieAction !== undefined) {
    const parsed = parseWith(opsgenieAlertAction, body);
    return parsed.ok ? { ok: true, value: { kind: 'action', value: parsed.value } } : parsed;
  }
  const parsed = parseWith(opsgenieCreateAlert, body);
  return parsed.ok ? { ok: true, value: { kind: 'create', value: parsed.value } } : parsed;
}

/** `key:value` tags become labels, as Opsgenie users write them for routing. */
function tagLabels(tags: readonly string[]): Record<string, string> {
  return Object.fromEntries(tags.flatMap((tag) => (tag.indexOf(':') > 0 ? [[tag.slice(0, tag.indexOf(':')), tag.slice(tag.indexOf(':') + 1)]] : [])));
}

function createDraft(alert: OpsgenieCreateAlert, ctx: NormaliseContext, severity: SeverityResolver): AlertDraft {
  const tags = alert.tags ?? [];
  return {
    action: 'trigger',
    // Opsgenie de-duplicates open alerts by alias; without one every request is a new alert.
    dedupKey: firstText(alert.alias) ?? ctx.rawId,
    severity: severity(alert.priority ?? 'P3', 'warning'),
    summary: alert.message,
    service: firstText(alert.entity),
    labels: { ...tagLabels(tags), ...compactText({ source: alert.source, priority: alert.priority ?? 'P3', entity: alert.entity }) },
    annotations: compactText({ description: alert.description, note: alert.note }),
    details: { ...(alert.details ?? {}), tags, user: alert.user, actions: alert.actions },
  };
}

export const opsgenieSource = defineSource<OpsgeniePayload>({
  source: 'opsgenie',
  severityMap: OPSGENIE_SEVERITY_MAP,
  parse: parseOpsgenie,
  toAlerts: (payload, ctx, severity) => {
    if (payload.kind === 'create') return { drafts: [createDraft(payload.value, ctx, severity)] };
    const { opsgenieAction, alias, user, source, note } = payload.value;
    return {
      drafts: [
        {
          action: opsgenieAction === 'close' ? 'resolve' : 'acknowledge',
          dedupKey: alias,
          severity: 'info',
          summary: firstText(note) ?? `${opsgenieAction === 'close' ? 'Closed' : 'Acknowledged'} by ${firstText(user, source) ?? 'Opsgenie API'}`,
          annotations: compactText({ note }),
          details: compactText({ user, source }),
        },
      ],
    };
  },
});
