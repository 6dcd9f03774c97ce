import { z } from 'zod';
import { OptText } from '../core/schemas.js';

/** UptimeRobot sends form fields or query strings, so numbers arrive as strings too. */
const Numeric = z
  .union([z.number(), z.string().regex(/^\s*-?\d+(\.\d+)?\s*$/, 'must be a number')], {
    error: 'must be a number or a numeric string',
  })
  .transform(Number);

/** Form posts send unset values as empty strings. */
const OptNumeric = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), Numeric.nullish());

/** alertType: 1 down, 2 up, 3 SSL certificate expiry. */
export const UPTIMEROBOT_ALERT_TYPES = { 1: 'down', 2: 'up', 3: 'ssl-expiry' } as const;

/** UptimeRobot webhook alert contact fields (*monitorID*, *alertType*, ...). */
export const uptimeRobotWebhook = z.object({
  monitorID: Numeric,
  monitorURL: OptText,
  monitorFriendlyName: OptText,
  alertType: Numeric,
  alertTypeFriendlyName: OptText,
  alertDetails: OptText,
  alertDuration: OptNumeric,
  alertDateTime: OptNumeric,
  monitorAlertContacts: OptText,
  sslExpiryDate: OptText,
  sslExpiryDaysLeft: OptNumeric,
});
export type UptimeRobotWebhook = z.infer<typeof uptimeRobotWebhook>;
