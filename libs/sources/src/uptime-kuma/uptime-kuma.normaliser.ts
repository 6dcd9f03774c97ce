import { type Severity } from '@herald/contracts';
import { parseWith } from '../core/field-errors.js';
import { compactText } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { firstText, idText } from '../core/text.js';
import { isoTime } from '../core/time.js';
import { KUMA_STATUS, uptimeKumaWebhook, type UptimeKumaWebhook } from './uptime-kuma.schema.js';

/** Keyed by heartbeat status name: 0 is "down", 1 is "up". */
export const UPTIME_KUMA_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  down: 'critical',
  up: 'info',
};

function httpUrl(url: string | null | undefined): string | undefined {
  // Non-HTTP monitors keep Kuma's placeholder "https://" in `url`.
  return url && /^https?:\/\/[^/\s]+/.test(url) ? url : undefined;
}

export const uptimeKumaSource = defineSource<UptimeKumaWebhook>({
  source: 'uptime-kuma',
  severityMap: UPTIME_KUMA_SEVERITY_MAP,
  parse: (body) => parseWith(uptimeKumaWebhook, body),
  toAlerts: ({ heartbeat, monitor, msg }, _ctx, severity) => {
    // Pending is a retry before "down", maintenance is planned: neither changes an incident.
    if (heartbeat === null || (heartbeat.status !== KUMA_STATUS.down && heartbeat.status !== KUMA_STATUS.up)) {
      return { drafts: [] };
    }
    const down = heartbeat.status === KUMA_STATUS.down;
    // The schema guarantees a monitor id from one of the two.
    const monitorId = monitor?.id ?? idText(heartbeat.monitorID) ?? '';
    const name = firstText(monitor?.name, monitor?.pathName) ?? `monitor ${monitorId}`;
    const detail = firstText(heartbeat.msg);
    const status = down ? 'down' : 'up';
    return {
      drafts: [
        {
          action: down ? 'trigger' : 'resolve',
          dedupKey: `uptime-kuma:${monitorId}`,
          severity: severity(status, down ? 'critical' : 'info'),
          summary: `${name} is ${status}${detail === undefined ? '' : `: ${detail}`}`,
          service: firstText(monitor?.name),
          labels: compactText({ monitor: firstText(monitor?.name), monitor_type: monitor?.type }),
          annotations: compactText({ message: msg, description: monitor?.description }),
          details: {
            monitorId,
            status: heartbeat.status,
            ping: heartbeat.ping,
            duration: heartbeat.duration,
            url: monitor?.url,
            hostname: monitor?.hostname,
          },
          links: [{ href: httpUrl(monitor?.url), text: 'Monitored URL' }],
          occurredAt: isoTime(heartbeat.time),
        },
      ],
    };
  },
});
