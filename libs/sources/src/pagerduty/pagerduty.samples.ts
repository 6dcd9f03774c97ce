/** PagerDuty Events API v2 bodies, as in PagerDuty's "Send an alert event" examples. */
export const pagerdutyTrigger = {
  payload: {
    summary: 'DISK at 99% on machine prod-datapipe03.example.com',
    timestamp: '2024-05-01T11:42:58.315+0000',
    severity: 'critical',
    source: 'prod-datapipe03.example.com',
    component: 'mysql',
    group: 'prod-datapipe',
    class: 'disk',
    custom_details: { free_space: '1%', ping_time: '1500ms', load_avg: 0.75 },
  },
  routing_key: 'R0UT1NGK3YR0UT1NGK3YR0UT1NGK3Y01',
  dedup_key: 'srv01/mysql/disk',
  images: [
    {
      src: 'https://chart.googleapis.com/chart?chs=600x400&chd=t:6,2,9,5,2,5,7,4,2,2,1&cht=lc',
      href: 'https://example.com/',
      alt: 'Disk usage over the last hour',
    },
  ],
  links: [{ href: 'https://example.com/dashboards/disk', text: 'Disk dashboard' }],
  event_action: 'trigger',
  client: 'Sample Monitoring Service',
  client_url: 'https://monitoring.example.com',
};

export const pagerdutyAcknowledge = {
  routing_key: 'R0UT1NGK3YR0UT1NGK3YR0UT1NGK3Y01',
  dedup_key: 'srv01/mysql/disk',
  event_action: 'acknowledge',
};

export const pagerdutyResolve = {
  routing_key: 'R0UT1NGK3YR0UT1NGK3YR0UT1NGK3Y01',
  dedup_key: 'srv01/mysql/disk',
  event_action: 'resolve',
};

export const pagerdutySamples = { pagerdutyTrigger, pagerdutyAcknowledge, pagerdutyResolve };
