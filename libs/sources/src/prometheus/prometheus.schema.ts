import { z } from 'zod';
import { compiledCheck } from '@herald/contracts';
import { type AlertmanagerWebhook } from '../alertmanager/alertmanager.schema.js';
import { ScalarMap } from '../core/maps.js';
import { OptText } from '../core/schemas.js';

/** One alert as Prometheus posts it to Alertmanager's `POST /api/v2/alerts`. */
export const postableAlert = z.object({
  labels: ScalarMap,
  annotations: ScalarMap.nullish(),
  startsAt: OptText,
  endsAt: OptText,
  generatorURL: OptText,
});

export const prometheusAlerts = z.array(postableAlert);
export type PrometheusAlerts = z.infer<typeof prometheusAlerts>;

/** `prometheusAlerts` compiled (see `readWith`): the schema has no transforms. */
export const isPrometheusAlerts = compiledCheck(prometheusAlerts);

/**
 * What a Prometheus integration takes: the alerts Prometheus posts itself, or the
 * Alertmanager webhook that relays them (people call both "Prometheus").
 */
export type PrometheusPayload =
  | { readonly kind: 'postable'; readonly alerts: PrometheusAlerts }
  | { readonly kind: 'alertmanager'; readonly webhook: AlertmanagerWebhook };
