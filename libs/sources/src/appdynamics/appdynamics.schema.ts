import { z } from 'zod';
import { IdLike, LooseTime, OptText } from '../core/schemas.js';

/**
 * An AppDynamics HTTP Request Template's body. AppDynamics sends whatever the template
 * says, so Herald documents one (README, "AppDynamics template") of its `latestEvent`
 * variables; unknown fields are kept as details.
 */
export const appdynamicsEvent = z.looseObject({
  event_type: z.string().min(1),
  event_id: IdLike.nullish(),
  incident_id: IdLike.pipe(z.string().min(1)),
  display_name: OptText,
  summary: OptText,
  severity: OptText,
  deep_link: OptText,
  application: OptText,
  health_rule: OptText,
  affected_entity: OptText,
  event_time: LooseTime,
});
export type AppdynamicsEvent = z.infer<typeof appdynamicsEvent>;
