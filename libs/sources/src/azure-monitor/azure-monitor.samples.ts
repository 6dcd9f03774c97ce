/** Azure Monitor common alert schema bodies (metric alert, essentials 1.0). */
const essentials = {
  alertId: '/subscriptions/11111111-2222-3333-4444-555555555555/providers/Microsoft.AlertsManagement/alerts/b9569717-bc32-442f-add5-83a997729330',
  alertRule: 'WCUS-R2-Gen2',
  severity: 'Sev3',
  signalType: 'Metric',
  monitorCondition: 'Fired',
  monitoringService: 'Platform',
  alertTargetIDs: [
    '/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/pipelinealertrg/providers/microsoft.compute/virtualmachines/wcus-r2-gen2',
  ],
  configurationItems: ['wcus-r2-gen2'],
  originAlertId: '3f2d4487-b0fc-4125-8bd5-7ad17384221e_PipeLineAlertRG_microsoft.insights_metricAlerts_WCUS-R2-Gen2_-117781227',
  firedDateTime: '2024-05-01T11:58:24.3713213Z',
  description: 'CPU on the build VM above 90%',
  essentialsVersion: '1.0',
  alertContextVersion: '1.0',
};

const alertContext = {
  properties: null,
  conditionType: 'SingleResourceMultipleMetricCriteria',
  condition: {
    windowSize: 'PT5M',
    allOf: [
      {
        metricName: 'Percentage CPU',
        metricNamespace: 'Microsoft.Compute/virtualMachines',
        operator: 'GreaterThan',
        threshold: '90',
        timeAggregation: 'Average',
        dimensions: [],
        metricValue: 97.3,
      },
    ],
    windowStartTime: '2024-05-01T11:50:24.000Z',
    windowEndTime: '2024-05-01T11:55:24.000Z',
  },
};

export const azureFired = {
  schemaId: 'azureMonitorCommonAlertSchema',
  data: { essentials, alertContext, customProperties: { team: 'build', environment: 'prod' } },
};

export const azureResolved = {
  schemaId: 'azureMonitorCommonAlertSchema',
  data: {
    essentials: { ...essentials, monitorCondition: 'Resolved', resolvedDateTime: '2024-05-01T12:03:16.2246313Z' },
    alertContext,
    customProperties: null,
  },
};

export const azureMonitorSamples = { azureFired, azureResolved };
