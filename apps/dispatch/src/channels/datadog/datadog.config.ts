import { z } from 'zod';
import { HttpUrl } from '../shared/http.js';

/** Datadog sites and their API hosts. */
export const DATADOG_SITES = [
  'datadoghq.com',
  'us3.datadoghq.com',
  'us5.datadoghq.com',
  'datadoghq.eu',
  'ap1.datadoghq.com',
  'ap2.datadoghq.com',
  'ddog-gov.com',
  'us2.ddog-gov.com',
] as const;

/** Posts incidents to the Datadog Events API v1. */
export const DatadogConfig = z.strictObject({
  /** Sent as `DD-API-KEY`. */
  apiKey: z.string().regex(/^[A-Za-z0-9]{32}$/, 'must be a 32-character Datadog API key'),
  site: z.enum(DATADOG_SITES).default('datadoghq.com'),
  /** Overrides the site, e.g. for a proxy: the full `/api/v1/events` URL. */
  url: HttpUrl.optional(),
  /**
   * Where a batching receiver sends (the Events API takes one event per request, so a batch goes
   * to the Logs intake, one log entry per notification): the full `/api/v2/logs` URL. Default:
   * the site's `https://http-intake.logs.<site>/api/v2/logs`.
   */
  logsUrl: HttpUrl.optional(),
  /** Extra tags on every event, `key:value`. */
  tags: z.array(z.string().min(1).max(200)).max(50).default([]),
  priority: z.enum(['normal', 'low']).default('normal'),
  /** Add the incident's labels as `key:value` tags (bounded, normalised). */
  labelTags: z.boolean().default(true),
});
export type DatadogConfig = z.infer<typeof DatadogConfig>;
