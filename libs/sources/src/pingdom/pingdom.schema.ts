import { z } from 'zod';
import { IdLike, LooseTime, OptText } from '../core/schemas.js';

const probe = z.object({ ip: OptText, ipv6: OptText, location: OptText }).nullish();

/** Pingdom's state change webhook, for uptime (UP/DOWN) and transaction (SUCCESS/FAILING) checks. */
export const pingdomStateChange = z.object({
  check_id: IdLike.pipe(z.string().min(1)),
  check_name: OptText,
  check_type: OptText,
  check_params: z.looseObject({ full_url: OptText, hostname: OptText }).nullish(),
  tags: z.array(z.string()).nullish(),
  previous_state: OptText,
  current_state: z.string().min(1),
  importance_level: OptText,
  state_changed_timestamp: LooseTime,
  state_changed_utc_time: OptText,
  long_description: OptText,
  description: OptText,
  first_probe: probe,
  second_probe: probe,
});
export type PingdomStateChange = z.infer<typeof pingdomStateChange>;
