import { z } from 'zod';
import { isRecord } from '../core/maps.js';
import { IdLike, LooseTime, OptText } from '../core/schemas.js';
import { firstText, idText } from '../core/text.js';

export const DEDUP_FIELDS = ['aggregation_key', 'aggreg_key', 'alert_id'] as const;

/**
 * A Datadog webhook body. With the default payload Datadog sends `body` ($EVENT_MSG),
 * `last_updated`, `event_type`, `title` ($EVENT_TITLE), `date`, `org` and `id` ($ID,
 * new for every notification) and nothing that names the alert: the alert is then read
 * from the title (see `datadog-title.ts`). Herald's documented template (README) adds
 * `alert_type`, `alert_transition`, `aggregation_key` and friends; `message`,
 * `aggreg_key` and `link` are aliases. Unknown fields are kept as details.
 */
export const datadogWebhook = z
  .looseObject({
    id: IdLike.nullish(),
    title: OptText,
    body: OptText,
    message: OptText,
    event_type: OptText,
    alert_type: OptText,
    alert_transition: OptText,
    aggregation_key: IdLike.nullish(),
    aggreg_key: IdLike.nullish(),
    alert_id: IdLike.nullish(),
    priority: OptText,
    tags: z.union([z.string(), z.array(z.string())], { error: 'must be a comma-separated string or an array of strings' }).nullish(),
    url: OptText,
    link: OptText,
    date: LooseTime,
    last_updated: LooseTime,
    hostname: OptText,
  })
  .superRefine((event, ctx) => {
    // $ID changes with every notification, so only these (or the title) identify the alert over time.
    if (isRecord(event) && DEDUP_FIELDS.every((field) => idText(event[field]) === undefined) && firstText(event.title) === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['title'],
        message: `is required when none of ${DEDUP_FIELDS.join(', ')} is set`,
      });
    }
  }, { when: () => true });
export type DatadogWebhook = z.infer<typeof datadogWebhook>;
