import { type WireSamples } from '../testing/wire-sample.js';
import { uptimeRobotDown, uptimeRobotUp } from './uptimerobot.samples.js';

const FORM = 'application/x-www-form-urlencoded';
const form = (fields: Record<string, string | number>): string =>
  new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)])).toString();

export const uptimeRobotWire: WireSamples = {
  source: 'uptimerobot',
  origin:
    'uptimerobot.com/api (alert contacts, webhook) and its help article on webhooks: with "Send as POST" the variables ' +
    'monitorID, monitorURL, monitorFriendlyName, alertType (1 down, 2 up, 3 SSL expiry), alertTypeFriendlyName, ' +
    'alertDetails, alertDuration, alertDateTime, monitorAlertContacts, sslExpiryDate, sslExpiryDaysLeft arrive as form fields.',
  samples: [
    { name: 'down', contentType: FORM, body: form(uptimeRobotDown), expect: [{ action: 'trigger', severity: 'critical', dedupKey: 'uptimerobot:793214567' }] },
    { name: 'up', contentType: FORM, body: form(uptimeRobotUp), expect: [{ action: 'resolve', severity: 'info', dedupKey: 'uptimerobot:793214567' }] },
  ],
};
