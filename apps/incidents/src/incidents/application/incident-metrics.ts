import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SEVERITIES, type Severity } from '@herald/contracts';
import { counter, gauge, histogram, LOGGER, Registry, type Logger } from '@herald/observability';
import type { Decision, IgnoredReason, IncidentState } from '../domain/index.js';

/** What one command did, as the metrics see it once its transaction has committed. */
export interface CommandOutcome {
  readonly before: IncidentState;
  readonly decision: Decision;
  readonly after: IncidentState;
}

const IGNORED_REASONS: readonly IgnoredReason[] = ['NO_INCIDENT', 'ALREADY_ACKNOWLEDGED', 'ALREADY_RESOLVED', 'NOTHING_DUE', 'ESCALATION_DONE', 'ESCALATION_OUTDATED'];
const OPEN_STATUSES = ['triggered', 'acknowledged'] as const;
/** Seconds: from a minute to a week, the span people take to acknowledge and resolve. */
const RESPONSE_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 14_400, 28_800, 86_400, 259_200, 604_800];

/**
 * The incident metrics, recorded after commit so a retried transaction never counts twice.
 * The open-incidents gauge is read from the read model when Prometheus scrapes.
 */
@Injectable()
export class IncidentMetrics {
  private readonly opened;
  private readonly resolved;
  private readonly duplicates;
  private readonly ignored;
  private readonly conflicts;
  private readonly guesses;
  private readonly timeToAcknowledge;
  private readonly timeToResolve;

  constructor(registry: Registry, dataSource: DataSource, @Inject(LOGGER) logger: Logger) {
    this.opened = counter(registry, { name: 'herald_incidents_opened_total', help: 'Incidents opened, by severity', labelNames: ['severity'] });
    this.resolved = counter(registry, { name: 'herald_incidents_resolved_total', help: 'Incidents resolved, by severity', labelNames: ['severity'] });
    this.duplicates = counter(registry, { name: 'herald_alerts_deduplicated_total', help: 'Trigger alerts folded into an open incident' });
    this.ignored = counter(registry, {
      name: 'herald_incident_commands_ignored_total',
      help: 'Commands that changed nothing, by reason',
      labelNames: ['reason'],
    });
    this.conflicts = counter(registry, { name: 'herald_incident_conflicts_total', help: 'Optimistic concurrency conflicts retried' });
    this.guesses = counter(registry, {
      name: 'herald_incident_new_key_guesses_total',
      help: 'Batches that guessed their dedup keys new (one round trip), by outcome: right (committed so), wrong (a key had an incident or an alert was recorded before: ran again reading first)',
      labelNames: ['outcome'],
    });
    for (const outcome of ['right', 'wrong']) this.guesses.inc({ outcome }, 0);
    this.timeToAcknowledge = histogram(registry, {
      name: 'herald_incident_time_to_acknowledge_seconds',
      help: 'From an incident opening (or reopening) to its acknowledgement, by severity',
      labelNames: ['severity'],
      buckets: RESPONSE_BUCKETS,
    });
    this.timeToResolve = histogram(registry, {
      name: 'herald_incident_time_to_resolve_seconds',
      help: 'From an incident opening (or reopening) to its resolution, by severity',
      labelNames: ['severity'],
      buckets: RESPONSE_BUCKETS,
    });
    gauge(registry, {
      name: 'herald_incidents_open',
      // Database-wide: every replica reports the same figure, so aggregate with max, never sum.
      help: 'Open incidents in the read model, by severity and status (the same on every replica: aggregate with max, not sum)',
      labelNames: ['severity', 'status'],
      async collect() {
        try {
          const rows: Array<{ severity: Severity; status: (typeof OPEN_STATUSES)[number]; n: number }> = await dataSource.query(
            `SELECT severity, status, count(*)::integer AS n FROM incidents WHERE status <> 'resolved' GROUP BY severity, status`,
          );
          for (const severity of SEVERITIES) for (const status of OPEN_STATUSES) this.set({ severity, status }, 0);
          for (const row of rows) this.set({ severity: row.severity, status: row.status }, row.n);
        } catch (error) {
          // Keep the last values: a scrape must not fail because the database blinked.
          logger.warn({ err: error }, 'could not count open incidents');
        }
      },
    });
    for (const severity of SEVERITIES) {
      this.opened.inc({ severity }, 0);
      this.resolved.inc({ severity }, 0);
      this.timeToAcknowledge.zero({ severity });
      this.timeToResolve.zero({ severity });
    }
    for (const reason of IGNORED_REASONS) this.ignored.inc({ reason }, 0);
  }

  conflict(): void {
    this.conflicts.inc();
  }

  guess(outcome: 'right' | 'wrong'): void {
    this.guesses.inc({ outcome });
  }

  record(outcomes: readonly CommandOutcome[]): void {
    for (const { before, decision, after } of outcomes) {
      if (decision.kind === 'ignored') this.ignored.inc({ reason: decision.reason });
      if (decision.kind !== 'events' || after.status === 'none') continue;
      // The episode began when the incident opened or, if it reopened since, at the last reopening.
      const episodeStart = decision.isNew || before.status === 'none' ? undefined : (before.cycles.at(-1) ?? before.openedAt);
      for (const event of decision.events) {
        switch (event.type) {
          case 'IncidentTriggered':
            this.opened.inc({ severity: event.data.severity });
            break;
          case 'AlertDeduplicated':
            this.duplicates.inc();
            break;
          case 'IncidentAcknowledged':
            if (episodeStart) this.timeToAcknowledge.observe({ severity: after.severity }, seconds(episodeStart, event.occurredAt));
            break;
          case 'IncidentResolved':
            this.resolved.inc({ severity: after.severity });
            if (episodeStart) this.timeToResolve.observe({ severity: after.severity }, seconds(episodeStart, event.occurredAt));
            break;
          default:
            break;
        }
      }
    }
  }
}

const seconds = (from: string, to: string): number => Math.max(0, (Date.parse(to) - Date.parse(from)) / 1_000);
