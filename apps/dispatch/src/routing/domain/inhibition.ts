import { type IncidentSnapshot } from '@herald/contracts';
import { z } from 'zod';
import { type LabelSet, MatcherConfig, incidentLabels, labelValue, matchesAll } from './matchers.js';

/**
 * While an open incident matches `sourceMatchers`, incidents matching `targetMatchers` that
 * carry the same values for every `equal` label are muted (e.g. "cluster down" mutes
 * "pod unhealthy" in the same cluster).
 */
export const InhibitRuleConfig = z.object({
  id: z.string().min(1).max(128),
  sourceMatchers: z.array(MatcherConfig).min(1).max(50),
  targetMatchers: z.array(MatcherConfig).min(1).max(50),
  equal: z.array(z.string().min(1).max(200)).max(20).default([]),
});
export type InhibitRule = z.output<typeof InhibitRuleConfig>;

export interface InhibitionTarget {
  readonly incidentId: string;
  readonly labels: LabelSet;
}

export interface Inhibition {
  readonly rule: InhibitRule;
  readonly sourceIncidentId: string;
}

function sameEqualLabels(equal: readonly string[], a: LabelSet, b: LabelSet): boolean {
  // A label absent on both sides counts as equal (both read as ""), as in Alertmanager.
  return equal.every((name) => labelValue(a, name) === labelValue(b, name));
}

/**
 * The first rule and open incident that mute `target`, if any. `openIncidents` is the caller's
 * view of incidents not yet resolved; resolved ones in the list are ignored. An incident never
 * inhibits itself, and when the target matches both sides of a rule, sources that also match
 * both sides are skipped: otherwise two such incidents would mute each other and nobody would hear.
 */
export function inhibitionFor(
  rules: readonly InhibitRule[],
  target: InhibitionTarget,
  openIncidents: Iterable<IncidentSnapshot>,
): Inhibition | undefined {
  // Only rules whose target side matches can mute: with none (the common case) the open
  // incidents are never looked at, so routing stays O(1) in the number of open incidents.
  const applicable = rules.filter((rule) => matchesAll(rule.targetMatchers, target.labels));
  if (applicable.length === 0) return undefined;
  const sources = Array.from(openIncidents)
    .filter((i) => i.status !== 'resolved' && i.id !== target.incidentId)
    .map((i) => ({ id: i.id, labels: incidentLabels(i) }));
  for (const rule of applicable) {
    const targetIsSource = matchesAll(rule.sourceMatchers, target.labels);
    for (const source of sources) {
      if (!matchesAll(rule.sourceMatchers, source.labels)) continue;
      if (!sameEqualLabels(rule.equal, source.labels, target.labels)) continue;
      if (targetIsSource && matchesAll(rule.targetMatchers, source.labels)) continue;
      return { rule, sourceIncidentId: source.id };
    }
  }
  return undefined;
}
