/** Uptime Kuma webhook notification bodies (JSON body type). */
const monitor = {
  id: 29,
  name: 'Checkout website',
  description: null,
  pathName: 'Checkout website',
  parent: null,
  childrenIDs: [],
  url: 'https://shop.example.com/checkout',
  method: 'GET',
  hostname: null,
  port: null,
  maxretries: 2,
  weight: 2000,
  active: true,
  type: 'http',
  interval: 60,
  retryInterval: 60,
  resendInterval: 0,
  keyword: null,
  expiryNotification: false,
  ignoreTls: false,
  upsideDown: false,
  maxredirects: 10,
  accepted_statuscodes: ['200-299'],
  notificationIDList: { '2': true },
  tags: [],
  maintenance: false,
};

export const uptimeKumaDown = {
  heartbeat: {
    monitorID: 29,
    status: 0,
    time: '2024-05-01 11:51:35.527',
    msg: 'timeout of 48000ms exceeded',
    important: true,
    duration: 60,
    timezone: 'Europe/Berlin',
    timezoneOffset: '+02:00',
    localDateTime: '2024-05-01 13:51:35',
  },
  monitor,
  msg: '[Checkout website] [🔴 Down] timeout of 48000ms exceeded',
};

export const uptimeKumaUp = {
  heartbeat: {
    monitorID: 29,
    status: 1,
    time: '2024-05-01 12:04:35.112',
    msg: '200 - OK',
    important: true,
    duration: 780,
    ping: 182,
    timezone: 'Europe/Berlin',
    timezoneOffset: '+02:00',
    localDateTime: '2024-05-01 14:04:35',
  },
  monitor,
  msg: '[Checkout website] [✅ Up] 200 - OK',
};

/** What the "Test" button sends. */
export const uptimeKumaTest = { heartbeat: null, monitor: null, msg: 'Uptime Kuma Testing' };

export const uptimeKumaSamples = { uptimeKumaDown, uptimeKumaUp, uptimeKumaTest };
