/** Pingdom state change webhooks, shaped as the example on pingdom.com/resources/webhooks. */
const check = {
  check_id: 8301125,
  check_name: 'Public API',
  check_type: 'HTTP',
  check_params: {
    basic_auth: false,
    encryption: true,
    full_url: 'https://api.example.com/health',
    header: 'User-Agent:Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)',
    hostname: 'api.example.com',
    ipv6: false,
    port: 443,
    url: '/health',
  },
  tags: ['production', 'api'],
  importance_level: 'HIGH',
  first_probe: { ip: '185.180.12.65', ipv6: '', location: 'Stockholm, Sweden' },
  second_probe: { ip: '151.106.52.134', ipv6: '', location: 'Frankfurt, Germany', version: 1 },
};

export const pingdomDown = {
  ...check,
  previous_state: 'UP',
  current_state: 'DOWN',
  state_changed_timestamp: 1714564324,
  state_changed_utc_time: '2024-05-01T11:52:04',
  long_description: 'Service Unavailable (HTTP 503) from 185.180.12.65',
  description: 'HTTP Error 503',
};

export const pingdomUp = {
  ...check,
  previous_state: 'DOWN',
  current_state: 'UP',
  state_changed_timestamp: 1714565251,
  state_changed_utc_time: '2024-05-01T12:07:31',
  long_description: 'OK',
  description: 'OK',
};

export const pingdomSamples = { pingdomDown, pingdomUp };
