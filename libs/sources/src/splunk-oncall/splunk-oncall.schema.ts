import { z } from 'zod';
import { IdLike, LooseTime, OptText } from '../core/schemas.js';

export const SPLUNK_ONCALL_MESSAGE_TYPES = ['CRITICAL', 'WARNING', 'INFO', 'ACKNOWLEDGEMENT', 'RECOVERY'] as const;

/**
 * An alert for Splunk On-Call's (VictorOps') REST endpoint integration. Any other field is
 * the sender's own and is kept in details.
 */
export const splunkOnCallAlert = z.looseObject({
  message_type: z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(SPLUNK_ONCALL_MESSAGE_TYPES)),
  entity_id: IdLike.nullish(),
  entity_display_name: OptText,
  state_message: OptText,
  monitoring_tool: OptText,
  state_start_time: LooseTime,
  timestamp: LooseTime,
  entity_is_host: z.union([z.boolean(), z.string()]).nullish(),
  ack_author: OptText,
  ack_msg: OptText,
});
export type SplunkOnCallAlert = z.infer<typeof splunkOnCallAlert>;
