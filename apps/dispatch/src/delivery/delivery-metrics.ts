import { CHANNELS } from '@herald/contracts';
import { counter, gauge, histogram, type Registry } from '@herald/observability';
import type { HealthChange, ReceiverHealth } from './state/receiver-health.js';

export const DEFER_REASONS = ['concurrency', 'circuit_open', 'circuit_probe', 'rate_limit', 'retry_after', 'duplicate'] as const;
export type DeferReason = (typeof DEFER_REASONS)[number];
const CIRCUIT_STATES = ['closed', 'open', 'half_open'] as const;
const DISABLE_REASONS = ['gone', 'failing'] as const;

/** The sender's metrics, built once against the service registry (labels bounded: channel, class, reason, receiver id). */
export class DeliveryMetrics {
  readonly retries;
  readonly deferred;
  readonly deferredFor;
  readonly inFlight;
  readonly batchSize;
  readonly receiversDisabled;
  readonly receiversDisabledTotal;
  readonly circuits;
  readonly circuitOpen;
  readonly circuitTransitions;
  readonly tokenFetches;

  constructor(registry: Registry) {
    // Attempts, their durations and the retries made are counted once, by analytics from
    // DELIVERIES (herald_notification_attempts_total, …_attempt_duration_seconds, …_retries_total).
    this.retries = counter(registry, {
      name: 'herald_delivery_retries_scheduled_total',
      help: 'Failed attempts handed back to the broker for a later retry, by channel (the retries made are herald_notification_retries_total)',
      labelNames: ['channel'],
    });
    this.deferred = counter(registry, {
      name: 'herald_delivery_deferred_total',
      help: 'Jobs held back in the broker without an attempt: receiver at its concurrency cap, circuit open, rate limit reached, Retry-After pending, or a copy of a job already in progress',
      labelNames: ['reason'],
    });
    this.deferredFor = histogram(registry, {
      name: 'herald_delivery_deferral_seconds',
      help: 'How long jobs are held back in the broker without an attempt, by reason',
      labelNames: ['reason'],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
    });
    this.inFlight = gauge(registry, { name: 'herald_delivery_in_flight', help: 'Delivery attempts in progress on this replica' });
    this.batchSize = histogram(registry, {
      name: 'herald_delivery_batch_notifications',
      help: 'Notifications per request sent to batching receivers',
      labelNames: ['channel'],
      buckets: [1, 2, 5, 10, 20, 50, 100],
    });
    this.receiversDisabled = gauge(registry, {
      name: 'herald_receivers_disabled',
      help: 'Receivers currently disabled by dispatch (410 Gone, or failing for longer than their disable period)',
    });
    this.receiversDisabledTotal = counter(registry, {
      name: 'herald_receiver_disablements_total',
      help: 'Receivers disabled by dispatch, by reason (gone: 410; failing: failing for the whole disable period)',
      labelNames: ['reason'],
    });
    this.circuits = gauge(registry, { name: 'herald_delivery_circuits', help: 'Receivers by circuit-breaker state on this replica', labelNames: ['state'] });
    this.circuitOpen = gauge(registry, {
      name: 'herald_delivery_circuit_open',
      help: '1 while the receiver’s circuit is open or half-open on this replica',
      labelNames: ['receiver'],
    });
    this.circuitTransitions = counter(registry, {
      name: 'herald_delivery_circuit_transitions_total',
      help: 'Circuit-breaker state changes, by the state entered',
      labelNames: ['to'],
    });
    this.tokenFetches = counter(registry, {
      name: 'herald_oauth2_token_fetches_total',
      help: 'OAuth2 client-credentials token requests, by result',
      labelNames: ['result'],
    });
    for (const channel of CHANNELS) {
      this.retries.inc({ channel }, 0);
    }
    for (const reason of DEFER_REASONS) this.deferred.inc({ reason }, 0);
    for (const reason of DISABLE_REASONS) this.receiversDisabledTotal.inc({ reason }, 0);
    for (const to of CIRCUIT_STATES) this.circuitTransitions.inc({ to }, 0);
    for (const result of ['ok', 'failed']) this.tokenFetches.inc({ result }, 0);
    this.receiversDisabled.set(0);
    this.inFlight.set(0);
  }

  private readonly knownReceivers = new Set<string>();

  /** Starts a receiver's circuit gauge at 0, so its series exists before the first failure. */
  knowReceiver(receiverId: string): void {
    if (this.knownReceivers.has(receiverId)) return;
    this.knownReceivers.add(receiverId);
    if (!this.circuitOpenSet.has(receiverId)) this.circuitOpen.set({ receiver: receiverId }, 0);
  }

  private readonly circuitOpenSet = new Set<string>();

  /** Keeps the circuit and disabled gauges in step with the receivers' health. */
  follow(health: ReceiverHealth): void {
    const refresh = (): void => {
      const counts = health.circuitCounts();
      for (const state of CIRCUIT_STATES) this.circuits.set({ state }, counts[state]);
      this.receiversDisabled.set(health.disabledCount());
    };
    refresh();
    health.observe((change: HealthChange) => {
      if (change.kind === 'circuit') {
        this.circuitTransitions.inc({ to: change.to });
        this.circuitOpenSet.add(change.receiverId);
        this.circuitOpen.set({ receiver: change.receiverId }, change.to === 'closed' ? 0 : 1);
      } else if (change.kind === 'disabled') {
        this.receiversDisabledTotal.inc({ reason: change.reason });
      } else {
        for (const view of health.all()) this.circuitOpen.set({ receiver: view.receiverId }, view.circuit === 'closed' ? 0 : 1);
      }
      refresh();
    });
  }
}
