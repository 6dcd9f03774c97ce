import { type Severity } from '@herald/contracts';
import { parseWith } from '../core/field-errors.js';
import { compactText, lookup } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { firstText } from '../core/text.js';
import { epochTime } from '../core/time.js';
import { UPTIMEROBOT_ALERT_TYPES, uptimeRobotWebhook, type UptimeRobotWebhook } from './uptimerobot.schema.js';

/** Keyed by alert type name (alertType 1 "down", 2 "up", 3 "ssl-expiry"). */
export const UPTIMEROBOT_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  down: 'critical',
  up: 'info',
  'ssl-expiry': 'warning',
};

export const uptimeRobotSource = defineSource<UptimeRobotWebhook>({
  source: 'uptimerobot',
  severityMap: UPTIMEROBOT_SEVERITY_MAP,
  parse: (body) => parseWith(uptimeRobotWebhook, body),
  toAlerts: (event, _ctx, severity) => {
    const type = lookup<string>(UPTIMEROBOT_ALERT_TYPES, String(event.alertType));
    // Alert types added later by UptimeRobot are accepted but change nothing.
    if (type === undefined) return { drafts: [] };
    const id = String(event.monitorID);
    const name = firstText(event.monitorFriendlyName, event.monitorURL) ?? `monitor ${id}`;
    const detail = firstText(event.alertDetails);
    const ssl = type === 'ssl-expiry';
    return {
      drafts: [
        {
          action: type === 'up' ? 'resolve' : 'trigger',
          // Certificate expiry is its own problem: it must not resolve or reopen the outage.
          dedupKey: ssl ? `uptimerobot:${id}:ssl` : `uptimerobot:${id}`,
          severity: severity(type, type === 'up' ? 'info' : 'critical'),
          summary: ssl
            ? `${name}: SSL certificate expires${event.sslExpiryDate ? ` on ${event.sslExpiryDate}` : ' soon'}`
            : `${name} is ${type}${detail === undefined ? '' : `: ${detail}`}`,
          service: firstText(event.monitorFriendlyName),
          labels: compactText({ monitor: firstText(event.monitorFriendlyName), monitor_id: id }),
          annotations: compactText({ details: event.alertDetails }),
          details: {
            monitorId: id,
            alertType: event.alertType,
            alertDuration: event.alertDuration,
            sslExpiryDate: event.sslExpiryDate,
            sslExpiryDaysLeft: event.sslExpiryDaysLeft,
          },
          links: [{ href: event.monitorURL, text: 'Monitored URL' }],
          occurredAt: epochTime(event.alertDateTime, 's'),
        },
      ],
    };
  },
});
