import { type InhibitRule } from './inhibition.js';
import { type MaintenanceWindow, type WeeklyRecurrence } from './maintenance.js';
import { type Matcher, formatMatcher } from './matchers.js';
import { type Route, type RouteConfigInput, type Subscription } from './route-tree.js';
import { type Silence } from './silences.js';

/*
 * Compiled configuration back to its canonical written form (matchers as text), for storage
 * and for the API. Parsing the result gives the compiled object back.
 */

export function matcherTexts(matchers: readonly Matcher[]): string[] {
  return matchers.map((m) => formatMatcher(m));
}

export function routeToConfig(route: Route): RouteConfigInput {
  return {
    ...(route.receiver !== undefined ? { receiver: route.receiver } : {}),
    ...(route.matchers.length > 0 ? { matchers: matcherTexts(route.matchers) } : {}),
    ...(route.continue ? { continue: true } : {}),
    ...(route.groupBy !== undefined ? { groupBy: [...route.groupBy] } : {}),
    ...(route.groupWaitSeconds !== undefined ? { groupWaitSeconds: route.groupWaitSeconds } : {}),
    ...(route.groupIntervalSeconds !== undefined ? { groupIntervalSeconds: route.groupIntervalSeconds } : {}),
    ...(route.repeatIntervalSeconds !== undefined ? { repeatIntervalSeconds: route.repeatIntervalSeconds } : {}),
    ...(route.eventTypes !== undefined ? { eventTypes: [...route.eventTypes] as Subscription[] } : {}),
    ...(route.escalationPolicy !== undefined ? { escalationPolicy: route.escalationPolicy } : {}),
    ...(route.routes.length > 0 ? { routes: route.routes.map(routeToConfig) } : {}),
  };
}

export interface SilenceInput {
  id: string;
  matchers: string[];
  startsAt: string;
  endsAt: string;
  author: string;
  comment: string;
}

export function silenceToConfig(s: Silence): SilenceInput {
  return { id: s.id, matchers: matcherTexts(s.matchers), startsAt: s.startsAt, endsAt: s.endsAt, author: s.author, comment: s.comment };
}

export interface InhibitRuleInput {
  id: string;
  sourceMatchers: string[];
  targetMatchers: string[];
  equal: string[];
}

export function inhibitRuleToConfig(r: InhibitRule): InhibitRuleInput {
  return { id: r.id, sourceMatchers: matcherTexts(r.sourceMatchers), targetMatchers: matcherTexts(r.targetMatchers), equal: [...r.equal] };
}

export interface MaintenanceWindowInput {
  id: string;
  matchers: string[];
  startsAt: string;
  endsAt?: string;
  recurrence?: WeeklyRecurrence;
}

export function maintenanceWindowToConfig(w: MaintenanceWindow): MaintenanceWindowInput {
  return {
    id: w.id,
    matchers: matcherTexts(w.matchers),
    startsAt: w.startsAt,
    ...(w.endsAt !== undefined ? { endsAt: w.endsAt } : {}),
    ...(w.recurrence !== undefined ? { recurrence: { ...w.recurrence, days: [...w.recurrence.days] } } : {}),
  };
}

/** Receiver ids a routing tree sends to, in tree order, each once. */
export function receiversOfTree(route: Route): string[] {
  const out = new Set<string>();
  const walk = (r: Route): void => {
    if (r.receiver !== undefined) out.add(r.receiver);
    r.routes.forEach(walk);
  };
  walk(route);
  return [...out];
}

/** Where in a tree each escalation policy is named, as config paths (`routes.1.escalationPolicy`). */
export function escalationPolicyPaths(route: Route, path: (string | number)[] = []): Array<{ policy: string; path: (string | number)[] }> {
  const own = route.escalationPolicy !== undefined ? [{ policy: route.escalationPolicy, path: [...path, 'escalationPolicy'] }] : [];
  return [...own, ...route.routes.flatMap((child, i) => escalationPolicyPaths(child, [...path, 'routes', i]))];
}

/** Where in a tree each receiver is named, as config paths (`routes.1.receiver`), for error messages. */
export function receiverPaths(route: Route, path: (string | number)[] = []): Array<{ receiver: string; path: (string | number)[] }> {
  const own = route.receiver !== undefined ? [{ receiver: route.receiver, path: [...path, 'receiver'] }] : [];
  return [...own, ...route.routes.flatMap((child, i) => receiverPaths(child, [...path, 'routes', i]))];
}
