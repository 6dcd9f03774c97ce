/** UptimeRobot webhook alert contact fields, as POST values (strings) and as a JSON body. */
export const uptimeRobotDown = {
  monitorID: '793214567',
  monitorURL: 'https://api.example.com/health',
  monitorFriendlyName: 'Public API',
  alertType: '1',
  alertTypeFriendlyName: 'Down',
  alertDetails: 'Connection Timeout',
  alertDuration: '0',
  alertDateTime: '1714564320',
  monitorAlertContacts: '0-1234567;Herald;https://herald.example.com/hooks/uptimerobot',
  sslExpiryDate: '',
  sslExpiryDaysLeft: '',
};

export const uptimeRobotUp = {
  monitorID: 793214567,
  monitorURL: 'https://api.example.com/health',
  monitorFriendlyName: 'Public API',
  alertType: 2,
  alertTypeFriendlyName: 'Up',
  alertDetails: 'HTTP 200 - OK',
  alertDuration: 781,
  alertDateTime: 1714565101,
};

export const uptimeRobotSslExpiry = {
  monitorID: '793214567',
  monitorURL: 'https://api.example.com/health',
  monitorFriendlyName: 'Public API',
  alertType: '3',
  alertTypeFriendlyName: 'SSL Expiry',
  alertDetails: 'SSL certificate expires in 7 days',
  alertDateTime: '1714564320',
  sslExpiryDate: '2024-05-08',
  sslExpiryDaysLeft: '7',
};

export const uptimeRobotSamples = { uptimeRobotDown, uptimeRobotUp, uptimeRobotSslExpiry };
