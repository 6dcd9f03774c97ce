import { type IncidentEventMessage, type IncidentEventType, SubjectToken } from '@herald/contracts';
import { z } from 'zod';
import { type LabelSet, type Matcher, type MatcherConfigInput, MatcherConfig, matchesAll, messageLabels } from './matchers.js';

/** What a receiver can subscribe to; several event types may share one name. */
export const SUBSCRIPTIONS = [
  'triggered',
  'acknowledged',
  'resolved',
  'reopened',
  'severity_changed',
  'flapping',
  'deduplicated',
  'note',
  'escalated',
] as const;
export const Subscription = z.enum(SUBSCRIPTIONS);
export type Subscription = z.infer<typeof Subscription>;

/**
 * `deduplicated` and `note` are chatty, so a route must opt in to them; `escalated` too: an
 * escalation step notifies the receivers its policy names, a route opts in only to hear of it besides.
 */
export const DEFAULT_SUBSCRIPTIONS: readonly Subscription[] = [
  'triggered',
  'acknowledged',
  'resolved',
  'reopened',
  'severity_changed',
  'flapping',
];

const SUBSCRIPTION_OF: Readonly<Record<IncidentEventType, Subscription>> = {
  IncidentTriggered: 'triggered',
  AlertDeduplicated: 'deduplicated',
  IncidentSeverityChanged: 'severity_changed',
  IncidentAcknowledged: 'acknowledged',
  IncidentResolved: 'resolved',
  IncidentReopened: 'reopened',
  IncidentFlapping: 'flapping',
  IncidentStabilised: 'flapping',
  IncidentNoteAdded: 'note',
  IncidentEscalated: 'escalated',
};

export function subscriptionOf(type: IncidentEventType): Subscription {
  return SUBSCRIPTION_OF[type];
}

/** A node of the routing tree with its matchers compiled. Unset options are inherited from the parent. */
export interface Route {
  readonly receiver?: string;
  readonly matchers: readonly Matcher[];
  readonly continue: boolean;
  readonly groupBy?: readonly string[];
  /** 0 turns repeats off below this node; unset inherits; unset at the root means no repeats. */
  readonly repeatIntervalSeconds?: number;
  readonly eventTypes?: readonly Subscription[];
  /** Id of the escalation policy for incidents this node matches; unset inherits. */
  readonly escalationPolicy?: string;
  readonly routes: readonly Route[];
}

export interface RouteConfigInput {
  receiver?: string;
  matchers?: MatcherConfigInput[];
  continue?: boolean;
  groupBy?: string[];
  repeatIntervalSeconds?: number;
  eventTypes?: Subscription[];
  escalationPolicy?: string;
  routes?: RouteConfigInput[];
}

const MAX_REPEAT_SECONDS = 7 * 24 * 3600;

/** One route as configured (matchers as strings or objects); parses to a compiled {@link Route}. */
export const RouteConfig: z.ZodType<Route, RouteConfigInput> = z.object({
  receiver: SubjectToken.optional(),
  matchers: z.array(MatcherConfig).max(50).default([]),
  continue: z.boolean().default(false),
  groupBy: z.array(z.string().min(1).max(200)).max(20).optional(),
  repeatIntervalSeconds: z.number().int().min(0).max(MAX_REPEAT_SECONDS).optional(),
  eventTypes: z.array(Subscription).optional(),
  escalationPolicy: z.string().min(1).max(128).optional(),
  routes: z.lazy(() => z.array(RouteConfig).max(200)).default([]),
});

/** The root route: it must match everything (no matchers) and `continue` means nothing there. */
export const RoutingTreeConfig = RouteConfig.superRefine((root, ctx) => {
  if (root.matchers.length > 0) ctx.addIssue({ code: 'custom', message: 'the root route must not have matchers', path: ['matchers'] });
  if (root.continue) ctx.addIssue({ code: 'custom', message: 'the root route must not set continue', path: ['continue'] });
});

/** Options in force at a node after inheritance. */
export interface EffectiveRouteOptions {
  readonly receiver: string | undefined;
  readonly groupBy: readonly string[];
  readonly repeatIntervalSeconds: number | undefined;
  readonly eventTypes: readonly Subscription[];
  readonly escalationPolicy: string | undefined;
}

export interface MatchedRoute {
  readonly options: EffectiveRouteOptions;
  /** Child indexes from the root, e.g. `[1, 0]`; `[]` is the root. For explaining a decision. */
  readonly path: readonly number[];
}

export interface RouteTarget {
  readonly receiverId: string;
  readonly groupBy: readonly string[];
  readonly repeatIntervalSeconds: number | undefined;
  readonly eventTypes: readonly Subscription[];
  readonly path: readonly number[];
}

const ROOT_DEFAULTS: EffectiveRouteOptions = {
  receiver: undefined,
  groupBy: [],
  repeatIntervalSeconds: undefined,
  eventTypes: DEFAULT_SUBSCRIPTIONS,
  escalationPolicy: undefined,
};

function inherit(parent: EffectiveRouteOptions, route: Route): EffectiveRouteOptions {
  return {
    receiver: route.receiver ?? parent.receiver,
    groupBy: route.groupBy ?? parent.groupBy,
    repeatIntervalSeconds: route.repeatIntervalSeconds ?? parent.repeatIntervalSeconds,
    eventTypes: route.eventTypes ?? parent.eventTypes,
    escalationPolicy: route.escalationPolicy ?? parent.escalationPolicy,
  };
}

function collect(route: Route, labels: LabelSet, parent: EffectiveRouteOptions, path: number[], out: MatchedRoute[]): boolean {
  if (!matchesAll(route.matchers, labels)) return false;
  const options = inherit(parent, route);
  let childMatched = false;
  for (const [i, child] of route.routes.entries()) {
    if (!collect(child, labels, options, [...path, i], out)) continue;
    childMatched = true;
    if (!child.continue) break;
  }
  if (!childMatched) out.push({ options, path });
  return true;
}

/**
 * Alertmanager's walk: depth-first, children in order; the first matching child ends the
 * search among its siblings unless it has `continue: true`; a node none of whose children
 * match is itself the match. Returns every matched node, before subscriptions are applied.
 */
export function matchRouteNodes(tree: Route, labels: LabelSet): MatchedRoute[] {
  const out: MatchedRoute[] = [];
  collect(tree, labels, ROOT_DEFAULTS, [], out);
  return out;
}

const PASSES_FLAPPING_HOLD: ReadonlySet<IncidentEventType> = new Set(['IncidentFlapping', 'IncidentStabilised', 'IncidentResolved']);

/**
 * While an incident flaps, its events are held back so receivers get one "flapping" and one
 * "stabilised" notice instead of a storm. Resolution still goes out: it ends the incident,
 * a flapping incident may resolve before it is declared stable, and a receiver must not be
 * left believing it is still open. Stabilised carries the snapshot as it then stands.
 */
export function isHeldForFlapping(message: IncidentEventMessage): boolean {
  return message.incident.flapping && !PASSES_FLAPPING_HOLD.has(message.event.type);
}

/**
 * Receivers an incident event goes to. Subscriptions are an option of the matched node, not a
 * matcher: a matched node that does not subscribe to the event type sends nothing and does not
 * fall through to its siblings (use an `event_type` matcher for that). A receiver reached by
 * several routes gets one target, with the options of the first subscribed route in tree order.
 * Nodes with no receiver (none set on them or above) send nothing.
 */
export function matchRoutes(tree: Route, message: IncidentEventMessage): RouteTarget[] {
  if (isHeldForFlapping(message)) return [];
  const subscription = subscriptionOf(message.event.type);
  const seen = new Set<string>();
  const targets: RouteTarget[] = [];
  for (const { options, path } of matchRouteNodes(tree, messageLabels(message))) {
    const receiverId = options.receiver;
    if (receiverId === undefined || seen.has(receiverId)) continue;
    if (!options.eventTypes.includes(subscription)) continue;
    seen.add(receiverId);
    targets.push({
      receiverId,
      groupBy: options.groupBy,
      repeatIntervalSeconds: options.repeatIntervalSeconds,
      eventTypes: options.eventTypes,
      path,
    });
  }
  return targets;
}
