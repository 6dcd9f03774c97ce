import { type IncidentStatus } from '@herald/contracts';

export interface RepeatInput {
  /** When this receiver was last notified about the incident (epoch ms); unset if never. */
  readonly lastNotifiedAt: number | undefined;
  /** From the matched route; unset or 0 means no repeats. */
  readonly repeatIntervalSeconds: number | undefined;
  readonly status: IncidentStatus;
  /** Flapping incidents are held back by routing; repeating them would defeat that. */
  readonly flapping?: boolean;
  readonly now: number;
}

/**
 * Whether to send the incident again. Only a `triggered` incident repeats: a repeat exists to
 * reach someone when nobody has taken the incident, and once it is acknowledged a person owns
 * it, so re-paging them is noise; resolved incidents are over. A receiver never notified gets
 * its first notification from the event itself, not from a repeat.
 */
export function needsRepeat(input: RepeatInput): boolean {
  const { lastNotifiedAt, repeatIntervalSeconds, status, flapping, now } = input;
  if (status !== 'triggered' || flapping === true) return false;
  if (lastNotifiedAt === undefined || repeatIntervalSeconds === undefined || repeatIntervalSeconds <= 0) return false;
  return now - lastNotifiedAt >= repeatIntervalSeconds * 1000;
}

/** When the next repeat falls due (epoch ms), for scheduling; undefined when repeats are off. */
export function nextRepeatAt(input: Pick<RepeatInput, 'lastNotifiedAt' | 'repeatIntervalSeconds'>): number | undefined {
  const { lastNotifiedAt, repeatIntervalSeconds } = input;
  if (lastNotifiedAt === undefined || repeatIntervalSeconds === undefined || repeatIntervalSeconds <= 0) return undefined;
  return lastNotifiedAt + repeatIntervalSeconds * 1000;
}

/** The delivery job id for an incident event and receiver: redelivering the event maps to the same job. */
export function idempotencyKey(eventId: string, receiverId: string): string {
  return `${eventId}.${receiverId}`;
}

/**
 * The job id for the `sequence`-th repeat (from 1) of the event last notified: each repeat is a
 * new delivery, yet a repeat scheduled twice (two replicas, a redelivered tick) is one job.
 */
export function repeatIdempotencyKey(eventId: string, receiverId: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`repeat sequence must be a positive integer, got ${sequence}`);
  return `${idempotencyKey(eventId, receiverId)}.repeat-${sequence}`;
}
