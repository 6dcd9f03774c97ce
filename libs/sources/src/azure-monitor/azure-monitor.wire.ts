import { type WireSamples, jsonBody } from '../testing/wire-sample.js';
import { azureFired, azureResolved } from './azure-monitor.samples.js';

const KEY = azureFired.data.essentials.alertId;

export const azureMonitorWire: WireSamples = {
  source: 'azure-monitor',
  origin:
    'learn.microsoft.com/azure/azure-monitor/alerts/alerts-common-schema: an action group webhook with the common alert ' +
    'schema enabled posts {schemaId: "azureMonitorCommonAlertSchema", data: {essentials {alertId, alertRule, severity ' +
    'Sev0-Sev4, monitorCondition Fired/Resolved, firedDateTime, resolvedDateTime, ...}, alertContext}}.',
  samples: [
    { name: 'fired', body: jsonBody(azureFired), expect: [{ action: 'trigger', severity: 'info', dedupKey: KEY }] },
    { name: 'resolved', body: jsonBody(azureResolved), expect: [{ action: 'resolve', severity: 'info', dedupKey: KEY }] },
  ],
};
