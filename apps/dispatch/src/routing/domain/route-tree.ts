import { type IncidentEventMessage, type IncidentEventType, SubjectToken } from '@herald/contracts';
import { z } from 'zod';
import { isGroupEvent } from './group-events.js';
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
  /** Labels that make a group (Alertmanager's `group_by`); `['...']` turns grouping off; unset inherits; unset at the root means no grouping. */
  readonly groupBy?: readonly string[];
  /** How long a new group waits for more incidents before its first notification. */
  readonly groupWaitSeconds?: number;
  /** How long a group waits after a notification before telling what changed since. */
  readonly groupIntervalSeconds?: number;
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
  groupWaitSeconds?: number;
  groupIntervalSeconds?: number;
  repeatIntervalSeconds?: number;
  eventTypes?: Subscription[];
  escalationPolicy?: string;
  routes?: RouteConfigInput[];
}

const MAX_REPEAT_SECONDS = 7 * 24 * 3600;
const MAX_GROUP_SECONDS = 24 * 3600;
/** `group_by: ['...']`: every label, i.e. every incident on its own (Herald: not grouped at all). */
export const GROUP_BY_NOTHING = '...';
/** Alertmanager's defaults, used when a route groups and sets no timing of its own. */
export const DEFAULT_GROUP_WAIT_SECONDS = 30;
export const DEFAULT_GROUP_INTERVAL_SECONDS = 300;

const GroupBy = z
  .array(z.string().min(1).max(200))
  .max(20)
  .superRefine((labels, ctx) => {
    if (labels.includes(GROUP_BY_NOTHING) && labels.length > 1) {
      ctx.addIssue({ code: 'custom', message: `'${GROUP_BY_NOTHING}' means no grouping and must be the only entry` });
    }
    if (new Set(labels).size !== labels.length) ctx.addIssue({ code: 'custom', message: 'labels must not repeat' });
  });

/** One route as configured (matchers as strings or objects); parses to a compiled {@link Route}. */
export const RouteConfig: z.ZodType<Route, RouteConfigInput> = z.object({
  receiver: SubjectToken.optional(),
  matchers: z.array(MatcherConfig).max(50).default([]),
  continue: z.boolean().default(false),
  groupBy: GroupBy.optional(),
  groupWaitSeconds: z.number().int().min(0).max(MAX_GROUP_SECONDS).optional(),
  groupIntervalSeconds: z.number().int().min(1).max(MAX_GROUP_SECONDS).optional(),
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
  /** Undefined: not grouped (nothing set on the path, or `['...']`). */
  readonly groupBy: readonly string[] | undefined;
  readonly groupWaitSeconds: number;
  readonly groupIntervalSeconds: number;
  readonly repeatIntervalSeconds: number | undefined;
  readonly eventTypes: readonly Subscription[];
  readonly escalationPolicy: string | undefined;
}

export interface MatchedRoute {
  readonly options: EffectiveRouteOptions;
  /** Child indexes from the root, e.g. `[1, 0]`; `[]` is the root. For explaining a decision. */
  readonly path: readonly number[];
}

/** How a grouped route collects incidents into notifications (Alertmanager's group options). */
export interface Grouping {
  readonly by: readonly string[];
  readonly waitSeconds: number;
  readonly intervalSeconds: number;
  /** The route subscribes to `resolved`: resolutions are told (Alertmanager's `send_resolved`). */
  readonly sendResolved: boolean;
}

export interface RouteTarget {
  readonly receiverId: string;
  readonly groupBy: readonly string[] | undefined;
  /** Set when the route groups: the receiver then hears about groups, not about each event. */
  readonly grouping?: Grouping;
  readonly repeatIntervalSeconds: number | undefined;
  readonly eventTypes: readonly Subscription[];
  readonly path: readonly number[];
}

const ROOT_DEFAULTS: EffectiveRouteOptions = {
  receiver: undefined,
  groupBy: undefined,
  groupWaitSeconds: DEFAULT_GROUP_WAIT_SECONDS,
  groupIntervalSeconds: DEFAULT_GROUP_INTERVAL_SECONDS,
  repeatIntervalSeconds: undefined,
  eventTypes: DEFAULT_SUBSCRIPTIONS,
  escalationPolicy: undefined,
};

function inherit(parent: EffectiveRouteOptions, route: Route): EffectiveRouteOptions {
  return {
    receiver: route.receiver ?? parent.receiver,
    groupBy: route.groupBy === undefined ? parent.groupBy : route.groupBy.includes(GROUP_BY_NOTHING) ? undefined : route.groupBy,
    groupWaitSeconds: route.groupWaitSeconds ?? parent.groupWaitSeconds,
    groupIntervalSeconds: route.groupIntervalSeconds ?? parent.groupIntervalSeconds,
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
 * Receivers an incident event goes to (or, for a grouped route, whose group it changes). Subscriptions are an option of the matched node, not a
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
    // A grouped route follows its incidents whatever it subscribes to (a resolution must leave the group even
    // when it is not told); its subscriptions decide what the group notification tells (see the group decider).
    if (options.groupBy !== undefined ? !isGroupEvent(message.event.type) : !options.eventTypes.includes(subscription)) continue;
    seen.add(receiverId);
    targets.push({
      receiverId,
      groupBy: options.groupBy,
      ...(options.groupBy !== undefined
        ? {
            grouping: {
              by: options.groupBy,
              waitSeconds: options.groupWaitSeconds,
              intervalSeconds: options.groupIntervalSeconds,
              sendResolved: options.eventTypes.includes('resolved'),
            },
          }
        : {}),
      repeatIntervalSeconds: options.repeatIntervalSeconds,
      eventTypes: options.eventTypes,
      path,
    });
  }
  return targets;
}
