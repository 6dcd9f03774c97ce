import { counter, histogram, type Registry } from './metrics.js';

/** Seconds: a health check in a millisecond to a slow management query or upstream in ten. */
const HTTP_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The label values of one HTTP request; `route` is the matched pattern (bounded), never the raw URL. */
export interface HttpRequestLabels {
  readonly method: string;
  readonly route: string;
  readonly status_class: string;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Labels for a finished request. A request that matched no route (404s, scanners) is
 * `unmatched`, so probing random paths cannot grow the series count; odd methods are `other`.
 */
export function httpRequestLabels(method: string, routePattern: string | undefined, statusCode: number): HttpRequestLabels {
  const upper = method.toUpperCase();
  return {
    method: METHODS.has(upper) ? upper : 'other',
    route: routePattern && routePattern.length <= 200 ? routePattern : 'unmatched',
    status_class: statusCode >= 100 && statusCode < 600 ? `${Math.floor(statusCode / 100)}xx` : 'other',
  };
}

/**
 * `herald_http_requests_total{method,route,status_class}` and
 * `herald_http_request_duration_seconds{method,route,status_class}` for every service's HTTP API.
 */
export class HttpMetrics {
  private readonly requests;
  private readonly duration;

  constructor(registry: Registry) {
    const labelNames = ['method', 'route', 'status_class'] as const;
    this.requests = counter(registry, { name: 'herald_http_requests_total', help: 'HTTP requests answered, by method, matched route and status class', labelNames });
    this.duration = histogram(registry, {
      name: 'herald_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, matched route and status class',
      labelNames,
      buckets: HTTP_BUCKETS,
    });
  }

  observe(labels: HttpRequestLabels, seconds: number): void {
    this.requests.inc({ ...labels });
    this.duration.observe({ ...labels }, seconds);
  }
}
