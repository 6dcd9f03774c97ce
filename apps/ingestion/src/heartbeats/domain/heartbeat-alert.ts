import type { CanonicalAlert, DedupScope, Severity } from '@herald/contracts';
import { deterministicUuid, normalise } from '@herald/sources';
import type { HeartbeatEffect, HeartbeatTiming } from './heartbeat.js';

/** The heartbeat integration an announcement speaks for. */
export interface HeartbeatSubject {
  readonly id: string;
  /** When the integration was created (epoch ms): a heartbeat deleted and made again under its id counts its misses afresh under new ids. */
  readonly createdAt: number;
  readonly name: string;
  readonly timing: HeartbeatTiming;
  readonly severityMap: Readonly<Record<string, Severity>> | null;
  readonly dedupScope: DedupScope;
}

/** Every miss of one heartbeat is the same incident key, so misses open, and pings resolve, one incident at a time. */
export function heartbeatDedupKey(integrationId: string): string {
  // The id is in the key itself, so a `global` dedup scope cannot merge two heartbeats.
  return `heartbeat/${integrationId}`;
}

/**
 * The body of the alert a miss opens or a ping resolves, in Herald's own (generic) format, so it
 * means what the same body posted to a generic integration would.
 */
export function heartbeatBody(subject: HeartbeatSubject, effect: Exclude<HeartbeatEffect, { kind: 'none' }>, at: number): Record<string, unknown> {
  const labels = { alertname: 'HeartbeatMissed', integration: subject.name, heartbeat: subject.id };
  const every = `every ${subject.timing.intervalSeconds} s${subject.timing.graceSeconds > 0 ? ` (+${subject.timing.graceSeconds} s grace)` : ''}`;
  return effect.kind === 'open'
    ? {
        action: 'trigger',
        dedup_key: heartbeatDedupKey(subject.id),
        summary: `No heartbeat from ${subject.name} for ${effect.silentSeconds} s`,
        severity: 'critical',
        source: 'herald-heartbeat',
        labels,
        annotations: { description: `${subject.name} should ping Herald ${every}; its last ping was at ${new Date(effect.lastPingAt).toISOString()}.` },
        details: { miss: effect.miss, lastPingAt: new Date(effect.lastPingAt).toISOString(), ...subject.timing },
        occurred_at: new Date(at).toISOString(),
      }
    : {
        action: 'resolve',
        dedup_key: heartbeatDedupKey(subject.id),
        summary: `Heartbeat from ${subject.name} is back`,
        severity: 'critical',
        source: 'herald-heartbeat',
        labels,
        details: { miss: effect.miss },
        occurred_at: new Date(at).toISOString(),
      };
}

/**
 * The canonical alert a miss opens or a ping resolves: the generic body above, normalised as
 * ingestion normalises every request, so it goes the way of every alert (made an incident,
 * routed and notified). Its id is derived from the heartbeat and the miss number: announcing one
 * miss twice (a retried tick, a restart, two replicas) publishes one message, which JetStream and
 * the incidents inbox keep once.
 */
export function heartbeatAlert(subject: HeartbeatSubject, effect: Exclude<HeartbeatEffect, { kind: 'none' }>, at: number): CanonicalAlert {
  const rawId = deterministicUuid(`heartbeat:${subject.id}:${subject.createdAt}:miss-${effect.miss}:${effect.kind}`);
  const result = normalise('generic', heartbeatBody(subject, effect, at), {
    rawId,
    integrationId: subject.id,
    receivedAt: new Date(at).toISOString(),
    headers: {},
    makeId: (index) => deterministicUuid(`${rawId}/${index}`),
    ...(subject.severityMap && Object.keys(subject.severityMap).length > 0 ? { severityMap: { ...subject.severityMap } } : {}),
    ...(subject.dedupScope === 'global' ? { dedupScope: 'global' as const } : {}),
  });
  // The body is Herald's own: anything but one alert is a bug here, not bad input.
  if (!result.ok || result.alerts.length !== 1) throw new Error(`heartbeat alert for ${subject.id} did not normalise to one alert`);
  return result.alerts[0]!;
}
