/** The services behind the gateway that own an HTTP API. */
export const UPSTREAMS = ['ingestion', 'incidents', 'dispatch', 'analytics'] as const;
export type Upstream = (typeof UPSTREAMS)[number];

export type HttpMethod = 'DELETE' | 'GET' | 'HEAD' | 'OPTIONS' | 'PATCH' | 'POST' | 'PUT';

/** One forwarded path family: every path equal to `prefix` or below it goes to `upstream`. */
export interface ForwardedPrefix {
  readonly prefix: string;
  readonly upstream: Upstream;
  /** Only these methods are forwarded (the rest of the path may be answered by the gateway itself). */
  readonly methods?: readonly HttpMethod[];
}

/**
 * Which service owns which path. Management APIs live under /v1; alert endpoints keep the
 * paths senders already use. `GET /api/v2/alerts` is the gateway's own Alertmanager API,
 * while `POST /api/v2/alerts` is Prometheus sending alerts, so only POST is forwarded.
 */
export const FORWARDED_PREFIXES: readonly ForwardedPrefix[] = [
  { prefix: '/v1/integrations', upstream: 'ingestion' },
  { prefix: '/v1/webhooks', upstream: 'ingestion' },
  // Heartbeat pings, by any method.
  { prefix: '/v1/heartbeats', upstream: 'ingestion' },
  { prefix: '/v2/enqueue', upstream: 'ingestion' },
  { prefix: '/api/v2/alerts', upstream: 'ingestion', methods: ['POST'] },
  // The Opsgenie-compatible alert API and Splunk On-Call's REST path, as those tools call them.
  { prefix: '/v2/alerts', upstream: 'ingestion', methods: ['POST'] },
  { prefix: '/integrations/generic/20131114/alert', upstream: 'ingestion', methods: ['POST'] },
  { prefix: '/v1/incidents', upstream: 'incidents' },
  { prefix: '/v1/admin/rebuild-projections', upstream: 'incidents' },
  { prefix: '/v1/receivers', upstream: 'dispatch' },
  { prefix: '/v1/routes', upstream: 'dispatch' },
  { prefix: '/v1/silences', upstream: 'dispatch' },
  { prefix: '/v1/inhibit-rules', upstream: 'dispatch' },
  { prefix: '/v1/maintenance-windows', upstream: 'dispatch' },
  { prefix: '/v1/escalation-policies', upstream: 'dispatch' },
  { prefix: '/v1/deliveries', upstream: 'dispatch' },
  { prefix: '/v1/retry-policies', upstream: 'dispatch' },
  { prefix: '/v1/analytics', upstream: 'analytics' },
  // Each service's own action log; `GET /v1/actions` itself is the gateway's merge of them.
  { prefix: '/v1/actions/ingestion', upstream: 'ingestion' },
  { prefix: '/v1/actions/incidents', upstream: 'incidents' },
  { prefix: '/v1/actions/dispatch', upstream: 'dispatch' },
];

/** The service that owns `method path` (path without the query string), or undefined when none does. */
export function upstreamFor(method: string, path: string): Upstream | undefined {
  const upper = method.toUpperCase();
  const owner = FORWARDED_PREFIXES.find(
    (p) => (path === p.prefix || path.startsWith(`${p.prefix}/`)) && (!p.methods || p.methods.some((m) => m === upper)),
  );
  return owner?.upstream;
}
