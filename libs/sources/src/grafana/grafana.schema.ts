import { z } from 'zod';
import { AlertStatus, alertmanagerAlert } from '../alertmanager/alertmanager.schema.js';
import { ScalarMap } from '../core/maps.js';
import { OptText } from '../core/schemas.js';

/** Grafana adds its own links and the evaluated query values to each alert. */
export const grafanaAlert = alertmanagerAlert.extend({
  silenceURL: OptText,
  dashboardURL: OptText,
  panelURL: OptText,
  imageURL: OptText,
  values: z.record(z.string(), z.unknown()).nullish(),
  valueString: OptText,
  orgId: z.number().nullish(),
});

/** Grafana unified alerting webhook contact point payload (Alertmanager-like, version "1"). */
export const grafanaWebhook = z.object({
  receiver: OptText,
  status: AlertStatus.nullish(),
  orgId: z.number().nullish(),
  alerts: z.array(grafanaAlert),
  groupLabels: ScalarMap.nullish(),
  commonLabels: ScalarMap.nullish(),
  commonAnnotations: ScalarMap.nullish(),
  externalURL: OptText,
  version: OptText,
  groupKey: OptText,
  truncatedAlerts: z.number().nullish(),
  title: OptText,
  state: OptText,
  message: OptText,
});
export type GrafanaWebhook = z.infer<typeof grafanaWebhook>;
