import { z } from 'zod';
import { HttpUrl } from '../shared/http.js';

/** A Splunk HTTP Event Collector. */
export const SplunkConfig = z.strictObject({
  /** `https://splunk.example.com:8088` (the event endpoint is appended) or the full endpoint URL. */
  url: HttpUrl,
  /** The HEC token, sent as `Authorization: Splunk <token>`. */
  token: z.string().min(1).max(512).regex(/^[^\s]+$/, 'must not contain white space'),
  index: z.string().regex(/^[a-z0-9_][a-z0-9_-]{0,79}$/, 'must be a Splunk index name').optional(),
  source: z.string().min(1).max(256).default('herald'),
  /**
   * `{event}` is replaced by the event type (`triggered`, `resolved`…), so each type can have its
   * own sourcetype as seed 004's `sentyr:file_shared_externally`: `herald:{event}`.
   */
  sourcetype: z.string().min(1).max(256).default('herald:incident'),
  /**
   * `herald`: the event is the Herald payload. `flat`: seed 004's shape, one level of fields
   * (`event_type`, `severity`, `timestamp`, then the incident's) that Splunk extracts without spath.
   */
  eventFormat: z.enum(['herald', 'flat']).default('herald'),
  host: z.string().min(1).max(256).optional(),
  /** Needed only when indexer acknowledgement is on: a GUID sent as `X-Splunk-Request-Channel`. */
  channel: z.uuid().optional(),
});
export type SplunkConfig = z.infer<typeof SplunkConfig>;
