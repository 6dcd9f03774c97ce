import { z } from 'zod';
import { isRecord } from '../core/maps.js';
import { IdLike, LooseTime, OptText } from '../core/schemas.js';
import { idText } from '../core/text.js';

export const DEDUP_FIELDS = ['aggregation_key', 'aggreg_key', 'alert_id'] as const;

/**
 * Herald's documented Datadog payload template (webhooks integration, custom payload):
 *   { "id": "$ID", "title": "$EVENT_TITLE", "body": "$EVENT_MSG", "alert_type": "$ALERT_TYPE",
 *     "alert_transition": "$ALERT_TRANSITION", "aggregation_key": "$AGGREG_KEY",
 *     "alert_id": "$ALERT_ID", "priority": "$ALERT_PRIORITY", "tags": "$TAGS", "url": "$LINK",
 *     "date": "$DATE", "last_updated": "$LAST_UPDATED", "hostname": "$HOSTNAME" }
 * Aliases (`message`, `aggreg_key`, `link`) cover templates written from the variable names.
 * Unknown fields are kept as details: users add their own.
 */
export const datadogWebhook = z
  .looseObject({
    id: IdLike.nullish(),
    title: OptText,
    body: OptText,
    message: OptText,
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
    // $ID changes with every notification, so only these identify the alert over time.
    if (isRecord(event) && DEDUP_FIELDS.every((field) => idText(event[field]) === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['aggregation_key'],
        message: `is required: set one of ${DEDUP_FIELDS.join(', ')}`,
      });
    }
  }, { when: () => true });
export type DatadogWebhook = z.infer<typeof datadogWebhook>;
