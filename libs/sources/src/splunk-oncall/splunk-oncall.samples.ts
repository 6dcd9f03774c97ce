/**
 * Bodies for Splunk On-Call's REST endpoint. The trigger and recovery are the exact bytes
 * Alertmanager 0.25 (victorops_configs, defaults) sent to a capture server in place of
 * alert.victorops.com; the acknowledgement follows the REST endpoint docs.
 */
export const splunkOnCallCriticalBody =
  '{"entity_display_name":"[FIRING:1] HighLatency (checkout critical)","entity_id":"d4061866bc333de2350285b0452a21f78349e3d63b4f06b6c956f64f95d7be36","message_type":"CRITICAL","monitoring_tool":"Alertmanager","state_message":"Checkout p99 above 2s\\nAlerts Firing:\\nLabels:\\n - alertname = HighLatency\\n - service = checkout\\n - severity = critical\\nAnnotations:\\n - summary = Checkout p99 above 2s\\nSource: \\n\\n"}\n';

export const splunkOnCallRecoveryBody =
  '{"entity_display_name":"[RESOLVED] HighLatency (checkout critical)","entity_id":"d4061866bc333de2350285b0452a21f78349e3d63b4f06b6c956f64f95d7be36","message_type":"RECOVERY","monitoring_tool":"Alertmanager","state_message":"Checkout p99 above 2s\\n\\nAlerts Resolved:\\nLabels:\\n - alertname = HighLatency\\n - service = checkout\\n - severity = critical\\nAnnotations:\\n - summary = Checkout p99 above 2s\\nSource: \\n"}\n';

export const splunkOnCallCritical = JSON.parse(splunkOnCallCriticalBody) as Record<string, unknown>;
export const splunkOnCallRecovery = JSON.parse(splunkOnCallRecoveryBody) as Record<string, unknown>;

export const splunkOnCallAcknowledgement = {
  message_type: 'ACKNOWLEDGEMENT',
  entity_id: 'd4061866bc333de2350285b0452a21f78349e3d63b4f06b6c956f64f95d7be36',
  ack_author: 'meredith',
  ack_msg: 'Looking into the checkout latency',
  monitoring_tool: 'Alertmanager',
};

export const splunkOnCallSamples = { splunkOnCallCritical, splunkOnCallAcknowledgement, splunkOnCallRecovery };
