import { z } from 'zod';
import { ScalarMap } from '../core/maps.js';
import { OptText } from '../core/schemas.js';

export const AZURE_SEVERITIES = ['Sev0', 'Sev1', 'Sev2', 'Sev3', 'Sev4'] as const;

/** The fields every Azure Monitor alert type shares (common alert schema, essentials 1.0). */
export const azureEssentials = z.object({
  alertId: z.string().min(1),
  alertRule: z.string().min(1),
  severity: z.enum(AZURE_SEVERITIES),
  signalType: OptText,
  monitorCondition: z.enum(['Fired', 'Resolved']),
  monitoringService: OptText,
  alertTargetIDs: z.array(z.string()).nullish(),
  configurationItems: z.array(z.string()).nullish(),
  originAlertId: OptText,
  firedDateTime: OptText,
  resolvedDateTime: OptText,
  description: OptText,
  essentialsVersion: OptText,
  alertContextVersion: OptText,
  investigationLink: OptText,
  targetResourceType: OptText,
  targetResourceGroup: OptText,
});

export const azureMonitorAlert = z.object({
  schemaId: z.literal('azureMonitorCommonAlertSchema'),
  data: z.object({
    essentials: azureEssentials,
    alertContext: z.unknown().optional(),
    // Set on the action group by the user: meant for routing, so they become labels.
    customProperties: ScalarMap.nullish(),
  }),
});
export type AzureMonitorAlert = z.infer<typeof azureMonitorAlert>;
