import type { MessageKind } from './messages.js';

export const STREAM_NAMES = ['ALERTS', 'INCIDENTS', 'DISPATCH', 'DELIVERIES', 'ESCALATIONS', 'DLQ'] as const;
export type StreamName = (typeof STREAM_NAMES)[number];

export interface StreamDefinition {
  readonly name: StreamName;
  /** Subjects without the deployment namespace. */
  readonly subjects: readonly string[];
  /** `workqueue`: a message is removed once acknowledged (jobs are consumed once). */
  readonly retention: 'limits' | 'workqueue';
  readonly description: string;
}

export const STREAMS: Readonly<Record<StreamName, StreamDefinition>> = {
  ALERTS: {
    name: 'ALERTS',
    subjects: ['alerts.normalised.>'],
    retention: 'limits',
    description: 'Canonical alerts, normalised by ingestion at the door',
  },
  INCIDENTS: {
    name: 'INCIDENTS',
    subjects: ['incidents.events.>'],
    retention: 'limits',
    description: 'Incident events, relayed in commit order from the event store',
  },
  DISPATCH: {
    name: 'DISPATCH',
    subjects: ['dispatch.jobs.>'],
    retention: 'workqueue',
    description: 'One delivery job per incident event and receiver',
  },
  DELIVERIES: {
    name: 'DELIVERIES',
    subjects: ['deliveries.>'],
    retention: 'limits',
    description: 'Outcome of every delivery attempt',
  },
  ESCALATIONS: {
    name: 'ESCALATIONS',
    subjects: ['escalations.due.>'],
    retention: 'workqueue',
    description: 'Escalation steps fallen due, from dispatch to incidents (recorded only if still unacknowledged)',
  },
  DLQ: {
    name: 'DLQ',
    subjects: ['dlq.>'],
    retention: 'limits',
    description: 'Messages that can never succeed, with the reason in headers',
  },
};

export interface ConsumerDefinition {
  readonly durable: string;
  readonly stream: StreamName;
  /** Filter without the deployment namespace. */
  readonly filterSubject: string;
  readonly message: MessageKind;
  /** Dead letters go to `dlq.<stage>`. */
  readonly stage: string;
  /**
   * How long the server waits for an ack before redelivering. The runner keeps every message it
   * holds alive (`working()`, a third of this apart), so this bounds only how long a dead
   * consumer's messages wait before another takes them.
   */
  readonly ackWaitMs: number;
  /** Deliveries after which a still-failing message is dead-lettered by the runner. */
  readonly maxAttempts: number;
}

/**
 * The ack wait of the pipeline's consumers: after a consumer dies (SIGKILL, OOM), what it held
 * is redelivered within this, so delivery stalls for seconds, not half a minute.
 */
export const RECOVERY_ACK_WAIT_MS = 4_000;

export const CONSUMERS = {
  incidents: {
    durable: 'incidents',
    stream: 'ALERTS',
    filterSubject: 'alerts.normalised.>',
    message: 'canonicalAlerts',
    stage: 'incidents',
    ackWaitMs: RECOVERY_ACK_WAIT_MS,
    maxAttempts: 20,
  },
  dispatchRouter: {
    durable: 'dispatch-router',
    stream: 'INCIDENTS',
    filterSubject: 'incidents.events.>',
    message: 'incidentEvents',
    stage: 'dispatch-router',
    ackWaitMs: RECOVERY_ACK_WAIT_MS,
    maxAttempts: 20,
  },
  dispatchSender: {
    durable: 'dispatch-sender',
    stream: 'DISPATCH',
    filterSubject: 'dispatch.jobs.>',
    message: 'deliveryJob',
    stage: 'dispatch-sender',
    // After a crash (SIGKILL) the server may already have handed due retries to the dead
    // process's pull request; they come back after this. Long sends stay alive through working().
    ackWaitMs: RECOVERY_ACK_WAIT_MS,
    // Delivery retries are governed by each receiver's policy, not by this cap.
    maxAttempts: 1_000,
  },
  analyticsDeliveries: {
    durable: 'analytics-deliveries',
    stream: 'DELIVERIES',
    filterSubject: 'deliveries.>',
    message: 'deliveryOutcomes',
    stage: 'analytics',
    ackWaitMs: 30_000,
    maxAttempts: 20,
  },
  incidentsEscalations: {
    durable: 'incidents-escalations',
    stream: 'ESCALATIONS',
    filterSubject: 'escalations.due.>',
    message: 'escalationDue',
    stage: 'incidents-escalations',
    ackWaitMs: RECOVERY_ACK_WAIT_MS,
    maxAttempts: 20,
  },
} as const satisfies Record<string, ConsumerDefinition>;

export type ConsumerName = keyof typeof CONSUMERS;
