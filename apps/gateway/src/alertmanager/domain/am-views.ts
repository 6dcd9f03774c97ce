import type { IncidentSnapshot } from '@herald/contracts';
import { fromAmMatcher, formatLabelMatcher, matchesAllLabels, parseLabelMatcher, toAmMatcher, type AmMatcher, type LabelMatcher } from './am-matchers.js';

/*
 * Herald's incidents and silences as Alertmanager API v2 objects, and Alertmanager's
 * postable silence as a Herald silence. Pure: the clock comes in as `now`.
 */

/** A silence as dispatch's `/v1/silences` shows it (the fields this translation reads). */
export interface HeraldSilence {
  readonly id: string;
  readonly matchers: readonly string[];
  readonly startsAt: string;
  readonly endsAt: string;
  readonly author: string;
  readonly comment: string;
  readonly state?: 'pending' | 'active' | 'expired' | undefined;
  readonly updatedAt: string;
}

export interface AmSilence {
  readonly id: string;
  readonly status: { readonly state: 'pending' | 'active' | 'expired' };
  readonly updatedAt: string;
  readonly matchers: AmMatcher[];
  readonly startsAt: string;
  readonly endsAt: string;
  readonly createdBy: string;
  readonly comment: string;
}

export interface AmAlert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly startsAt: string;
  readonly updatedAt: string;
  readonly endsAt: string;
  readonly generatorURL?: string;
  readonly fingerprint: string;
  readonly receivers: Array<{ name: string }>;
  readonly status: { state: 'active' | 'suppressed'; silencedBy: string[]; inhibitedBy: string[] };
}

export interface AmAlertGroup {
  readonly labels: Record<string, string>;
  readonly receiver: { name: string };
  readonly alerts: AmAlert[];
}

/** What Alertmanager would wait before resolving an alert nobody re-sent (its `resolve_timeout`). */
const RESOLVE_TIMEOUT_MS = 5 * 60_000;

/**
 * The labels a silence sees: the incident's own, overlaid with the pseudo-labels dispatch
 * matches silences against (severity, service, source), so what the API shows can be silenced.
 */
export function incidentAmLabels(incident: IncidentSnapshot): Record<string, string> {
  return { ...incident.labels, severity: incident.severity, source: incident.source, ...(incident.service ? { service: incident.service } : {}) };
}

/** The matchers a silence holds; unreadable ones (never written by Herald) are left out. */
export function silenceMatchers(silence: HeraldSilence): LabelMatcher[] {
  return silence.matchers.map(parseLabelMatcher).filter((m): m is LabelMatcher => typeof m !== 'string');
}

function silenceState(silence: HeraldSilence, now: number): AmSilence['status']['state'] {
  if (now < Date.parse(silence.startsAt)) return 'pending';
  return now >= Date.parse(silence.endsAt) ? 'expired' : 'active';
}

export function toAmSilence(silence: HeraldSilence, now: number): AmSilence {
  return {
    id: silence.id,
    status: { state: silence.state ?? silenceState(silence, now) },
    updatedAt: silence.updatedAt,
    matchers: silenceMatchers(silence).map(toAmMatcher),
    startsAt: silence.startsAt,
    endsAt: silence.endsAt,
    createdBy: silence.author,
    comment: silence.comment,
  };
}

/** Alertmanager's fingerprint is 16 hex digits; an incident's id is its identity. */
const fingerprintOf = (incident: IncidentSnapshot): string => incident.id.replaceAll('-', '').slice(0, 16);

/** The labels dispatch routes and mutes an open incident by: the shown ones plus its status. */
export function routedLabels(incident: IncidentSnapshot): Record<string, string> {
  return { ...incidentAmLabels(incident), status: incident.status };
}

/** `receivers`: where dispatch's routing tree sends this incident (asked of dispatch by the caller). */
export function toAmAlert(incident: IncidentSnapshot, silences: readonly HeraldSilence[], now: number, receivers: readonly string[]): AmAlert {
  const labels = incidentAmLabels(incident);
  const silencedBy = silences
    .filter((s) => silenceState(s, now) === 'active' && matchesAllLabels(silenceMatchers(s), routedLabels(incident)))
    .map((s) => s.id);
  const generator = incident.links[0]?.href;
  return {
    labels,
    annotations: { summary: incident.summary, ...incident.annotations },
    startsAt: incident.openedAt,
    updatedAt: incident.lastAlertAt,
    endsAt: incident.resolvedAt ?? new Date(Math.max(now, Date.parse(incident.lastAlertAt)) + RESOLVE_TIMEOUT_MS).toISOString(),
    ...(generator ? { generatorURL: generator } : {}),
    fingerprint: fingerprintOf(incident),
    receivers: receivers.map((name) => ({ name })),
    status: { state: silencedBy.length > 0 ? 'suppressed' : 'active', silencedBy, inhibitedBy: [] },
  };
}

export interface AlertFilter {
  readonly matchers: readonly LabelMatcher[];
  /** false leaves out alerts that are not silenced (Alertmanager's `active=false`). */
  readonly active: boolean;
  readonly silenced: boolean;
}

export function filterAlerts(alerts: readonly AmAlert[], filter: AlertFilter): AmAlert[] {
  return alerts.filter((a) => {
    const silenced = a.status.silencedBy.length > 0;
    if (silenced ? !filter.silenced : !filter.active) return false;
    return matchesAllLabels(filter.matchers, a.labels);
  });
}

/**
 * One group per receiver and alertname, as a route grouped by `alertname` would give;
 * alerts the routing tree sends nowhere are grouped under `unrouted`.
 */
export function groupAlerts(alerts: readonly AmAlert[], unrouted: string): AmAlertGroup[] {
  const groups = new Map<string, AmAlertGroup>();
  for (const alert of alerts) {
    const alertname = alert.labels.alertname ?? '';
    const receivers = alert.receivers.length > 0 ? alert.receivers.map((r) => r.name) : [unrouted];
    for (const receiver of receivers) {
      const key = JSON.stringify([receiver, alertname]);
      const group = groups.get(key) ?? { labels: alertname ? { alertname } : {}, receiver: { name: receiver }, alerts: [] };
      group.alerts.push(alert);
      groups.set(key, group);
    }
  }
  return [...groups.values()];
}

export interface AmPostableSilence {
  readonly id?: string | undefined;
  readonly matchers: readonly AmMatcher[];
  readonly startsAt: string;
  readonly endsAt: string;
  readonly createdBy: string;
  readonly comment: string;
}

/** The body dispatch's `/v1/silences` takes for an Alertmanager silence. */
export function toHeraldSilence(silence: AmPostableSilence): Omit<HeraldSilence, 'id' | 'state' | 'updatedAt'> {
  return {
    matchers: silence.matchers.map((m) => formatLabelMatcher(fromAmMatcher(m))),
    startsAt: silence.startsAt,
    endsAt: silence.endsAt,
    author: silence.createdBy,
    comment: silence.comment,
  };
}

/**
 * Expiring keeps the silence (as Alertmanager does) with its end moved to now; a silence
 * that has not started yet also starts now, so it is expired and never was active.
 */
export function expired(silence: HeraldSilence, now: number): Omit<HeraldSilence, 'id' | 'state' | 'updatedAt'> {
  const end = new Date(now).toISOString();
  const start = Date.parse(silence.startsAt) < now ? silence.startsAt : new Date(now - 1).toISOString();
  return { matchers: silence.matchers, startsAt: start, endsAt: end, author: silence.author, comment: silence.comment };
}
