/** Bodies rendered from Herald's documented AppDynamics HTTP Request Template (see README). */
const violation = {
  incident_id: '2187',
  application: 'checkout',
  health_rule: 'Business Transaction response time is much higher than normal',
  affected_entity: '/api/pay',
  deep_link: 'https://example.saas.appdynamics.com/#location=APP_INCIDENT_DETAIL&incident=2187',
};

export const appdynamicsOpenCritical = {
  ...violation,
  event_type: 'POLICY_OPEN_CRITICAL',
  event_id: '77410',
  display_name: 'Health Rule Violation Started - Critical',
  summary: 'AppDynamics has detected a problem with Business Transaction /api/pay. Business Transaction response time is much higher than normal started violating and is now critical.',
  severity: 'ERROR',
  event_time: '1714564324000',
};

export const appdynamicsCloseCritical = {
  ...violation,
  event_type: 'POLICY_CLOSE_CRITICAL',
  event_id: '77522',
  display_name: 'Health Rule Violation Ended - Critical',
  summary: 'AppDynamics has detected a problem with Business Transaction /api/pay. Business Transaction response time is much higher than normal has ended.',
  severity: 'INFO',
  event_time: '1714565251000',
};

export const appdynamicsSamples = { appdynamicsOpenCritical, appdynamicsCloseCritical };
