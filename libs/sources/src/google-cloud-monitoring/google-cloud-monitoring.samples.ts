/** Cloud Monitoring webhook notifications (schema 1.2), shaped as the example in its "Webhooks" notification channel docs. */
function notification(state: 'open' | 'closed', endedAt: number | null, summary: string) {
  return {
    incident: {
      incident_id: '0.opqiw61fsv7p',
      scoping_project_id: 'shop-prod',
      scoping_project_number: 12345,
      url: 'https://console.cloud.google.com/monitoring/alerting/incidents/0.opqiw61fsv7p?project=shop-prod',
      severity: 'Critical',
      started_at: 1714564324,
      ended_at: endedAt,
      state,
      summary,
      apigee_url: 'https://apigee.google.com',
      observed_value: '0.953',
      resource: { type: 'gce_instance', labels: { instance_id: '1234567890123456789', project_id: 'shop-prod', zone: 'europe-west1-b' } },
      resource_type_display_name: 'VM Instance',
      resource_id: '1234567890123456789',
      resource_display_name: 'checkout-vm-1',
      resource_name: 'shop-prod checkout-vm-1',
      metric: { type: 'compute.googleapis.com/instance/cpu/utilization', displayName: 'CPU utilization', labels: { instance_name: 'checkout-vm-1' } },
      metadata: { system_labels: { state: 'RUNNING' }, user_labels: { team: 'checkout' } },
      policy_name: 'Checkout VM CPU',
      policy_user_labels: { team: 'checkout' },
      documentation: { content: 'CPU above 90% on a checkout VM: see the runbook.', mime_type: 'text/markdown', subject: 'Checkout VM CPU', links: [] },
      condition: { name: 'projects/shop-prod/alertPolicies/3124/conditions/6132', displayName: 'VM Instance - CPU utilization' },
      condition_name: 'VM Instance - CPU utilization',
      threshold_value: '0.9',
    },
    version: '1.2',
  };
}

export const gcmOpen = notification('open', null, 'CPU utilization for shop-prod checkout-vm-1 is above the threshold of 0.900 with a value of 0.953.');
export const gcmClosed = notification('closed', 1714565251, 'CPU utilization for shop-prod checkout-vm-1 returned to normal with a value of 0.412.');

export const googleCloudMonitoringSamples = { gcmOpen, gcmClosed };
