import { z } from 'zod';
import { compiledCheck } from '@herald/contracts';
import { ScalarMap } from '../core/maps.js';
import { OptText } from '../core/schemas.js';

export const AlertStatus = z.enum(['firing', 'resolved']);

/** One alert of a webhook notification. Times are RFC 3339; "0001-01-01T00:00:00Z" means none. */
export const alertmanagerAlert = z.object({
  status: AlertStatus,
  labels: ScalarMap,
  annotations: ScalarMap.nullish(),
  startsAt: OptText,
  endsAt: OptText,
  generatorURL: OptText,
  fingerprint: OptText,
});

/** Alertmanager webhook_config payload, version "4": one notification per alert group. */
export const alertmanagerWebhook = z.object({
  version: OptText,
  groupKey: OptText,
  truncatedAlerts: z.number().nullish(),
  status: AlertStatus.nullish(),
  receiver: OptText,
  groupLabels: ScalarMap.nullish(),
  commonLabels: ScalarMap.nullish(),
  commonAnnotations: ScalarMap.nullish(),
  externalURL: OptText,
  alerts: z.array(alertmanagerAlert),
});
export type AlertmanagerWebhook = z.infer<typeof alertmanagerWebhook>;

/** `alertmanagerWebhook` compiled (see `readWith`): the schema has no transforms. */
export const isAlertmanagerWebhook = compiledCheck(alertmanagerWebhook);
