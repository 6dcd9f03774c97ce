import { type AlertAction, type Severity } from '@herald/contracts';
import { parseWith } from '../core/field-errors.js';
import { compactText, lookup } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { firstText } from '../core/text.js';
import { epochTime } from '../core/time.js';
import { dynatraceProblem, type DynatraceProblem } from './dynatrace.schema.js';

/** Keyed by the problem's severity level ({ProblemSeverity}, or severityLevel in {ProblemDetailsJSON}). */
export const DYNATRACE_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  availability: 'critical',
  error: 'error',
  performance: 'warning',
  resource_contention: 'warning',
  custom_alert: 'warning',
  monitoring_unavailable: 'warning',
  info: 'info',
};

/** A problem merged into another is closed here: the other one carries on. */
const ACTIONS: Readonly<Record<string, AlertAction>> = { open: 'trigger', resolved: 'resolve', merged: 'resolve' };

/** {Tags} is a comma-separated list; `key:value` tags become labels. */
function tagLabels(tags: string | null | undefined): Record<string, string> {
  const labels: [string, string][] = [];
  for (const tag of (tags ?? '').split(',').map((t) => t.trim())) {
    const colon = tag.indexOf(':');
    if (colon > 0) labels.push([tag.slice(0, colon), tag.slice(colon + 1)]);
  }
  return Object.fromEntries(labels);
}

export const dynatraceSource = defineSource<DynatraceProblem>({
  source: 'dynatrace',
  severityMap: DYNATRACE_SEVERITY_MAP,
  parse: (body) => parseWith(dynatraceProblem, body),
  toAlerts: (problem, _ctx, severity) => {
    const action = lookup(ACTIONS, problem.State.toLowerCase());
    if (action === undefined) return { drafts: [] };
    const details = problem.ProblemDetailsJSON;
    const entities = (problem.ImpactedEntities ?? []).map((e) => firstText(e.name, e.entity)).filter((n): n is string => n !== undefined);
    return {
      drafts: [
        {
          action,
          dedupKey: `dynatrace:${problem.PID}`,
          severity: severity(firstText(problem.ProblemSeverity, details?.severityLevel), 'warning'),
          summary: firstText(problem.ProblemTitle) === undefined ? undefined : `${problem.ProblemID ?? problem.PID}: ${firstText(problem.ProblemTitle)}`,
          service: entities[0] ?? firstText(problem.ImpactedEntity),
          labels: { ...tagLabels(problem.Tags), ...compactText({ impact: problem.ProblemImpact, state: problem.State }) },
          annotations: {},
          details: { problemId: problem.ProblemID, pid: problem.PID, impactedEntities: problem.ImpactedEntities ?? [], tags: problem.Tags },
          links: [{ href: firstText(problem['Problem URL'], problem.ProblemURL), text: 'Dynatrace problem' }],
          occurredAt: action === 'trigger' ? epochTime(details?.startTime, 'ms') : (epochTime(details?.endTime, 'ms') ?? undefined),
        },
      ],
    };
  },
});
