import { z } from 'zod';
import { ScalarMap } from '../core/maps.js';
import { IdLike, LooseTime, OptText } from '../core/schemas.js';

/** Cloud Monitoring's webhook notification channel, schema version 1.2: one incident per notification. */
export const gcmNotification = z.object({
  version: OptText,
  incident: z.looseObject({
    incident_id: IdLike.pipe(z.string().min(1)),
    scoping_project_id: OptText,
    url: OptText,
    started_at: LooseTime,
    ended_at: LooseTime,
    state: z.string().min(1),
    summary: OptText,
    resource_name: OptText,
    resource_display_name: OptText,
    resource_type_display_name: OptText,
    resource: z.object({ type: OptText, labels: ScalarMap.nullish() }).nullish(),
    metric: z.object({ type: OptText, displayName: OptText, labels: ScalarMap.nullish() }).nullish(),
    policy_name: OptText,
    policy_user_labels: ScalarMap.nullish(),
    condition_name: OptText,
    observed_value: OptText,
    threshold_value: OptText,
    severity: OptText,
    documentation: z.object({ content: OptText, subject: OptText }).nullish(),
  }),
});
export type GcmNotification = z.infer<typeof gcmNotification>;
