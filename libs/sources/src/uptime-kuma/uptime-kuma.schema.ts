import { z } from 'zod';
import { isRecord } from '../core/maps.js';
import { IdLike, OptText } from '../core/schemas.js';
import { idText } from '../core/text.js';

/** Heartbeat status codes: 0 down, 1 up, 2 pending (retrying), 3 maintenance. */
export const KUMA_STATUS = { down: 0, up: 1, pending: 2, maintenance: 3 } as const;

const heartbeat = z.object({
  status: z.number().int(),
  msg: OptText,
  // "YYYY-MM-DD HH:mm:ss.SSS" in UTC.
  time: OptText,
  monitorID: IdLike.nullish(),
  ping: z.number().nullish(),
  duration: z.number().nullish(),
  important: z.boolean().nullish(),
  timezone: OptText,
  localDateTime: OptText,
});

const monitor = z.object({
  id: IdLike.pipe(z.string().min(1)),
  name: OptText,
  url: OptText,
  hostname: OptText,
  type: OptText,
  description: OptText,
  pathName: OptText,
});

/**
 * Uptime Kuma webhook notification (application/json). A test notification, and
 * certificate-expiry notices, send `heartbeat: null`.
 */
export const uptimeKumaWebhook = z
  .object({ heartbeat: heartbeat.nullable(), monitor: monitor.nullable(), msg: OptText })
  .superRefine((body, ctx) => {
    if (!isRecord(body) || !isRecord(body.heartbeat) || isRecord(body.monitor)) return;
    if (idText(body.heartbeat.monitorID) === undefined) {
      ctx.addIssue({ code: 'custom', path: ['monitor'], message: 'is required to identify the monitor of a heartbeat' });
    }
  }, { when: () => true });
export type UptimeKumaWebhook = z.infer<typeof uptimeKumaWebhook>;
