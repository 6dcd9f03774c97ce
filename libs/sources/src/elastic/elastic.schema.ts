import { z } from 'zod';
import { IdLike, OptText } from '../core/schemas.js';

/**
 * A Kibana alerting Webhook connector's body. Kibana sends whatever body the rule action
 * defines, so Herald documents one (README, "Elastic template") built from Kibana's action
 * variables; unknown fields are kept as details.
 */
export const elasticAlert = z.looseObject({
  rule_id: IdLike.pipe(z.string().min(1)),
  rule_name: OptText,
  rule_url: OptText,
  alert_id: IdLike.pipe(z.string().min(1)),
  alert_uuid: OptText,
  action_group: z.string().min(1),
  action_group_name: OptText,
  reason: OptText,
  date: OptText,
  tags: z.union([z.string(), z.array(z.string())]).nullish(),
  space_id: OptText,
});
export type ElasticAlert = z.infer<typeof elasticAlert>;
