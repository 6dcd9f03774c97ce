import { z } from 'zod';
import { Channel } from '@herald/contracts';

/** active: sending; paused: by a person (notifications recorded as muted); disabled: by the delivery engine (410 or failing too long). */
export const RECEIVER_STATUSES = ['active', 'paused', 'disabled'] as const;
export type ReceiverStatus = (typeof RECEIVER_STATUSES)[number];

/** A pause is a person's decision and wins over the engine's disable when both apply. */
export function receiverStatus(enabled: boolean, disabledByEngine: boolean): ReceiverStatus {
  if (!enabled) return 'paused';
  return disabledByEngine ? 'disabled' : 'active';
}

/** `GET /v1/receivers?status=&channel=&limit=&offset=` (seed 001's list). */
export const ReceiverListQuery = z
  .object({
    status: z.enum(RECEIVER_STATUSES).optional(),
    channel: Channel.optional(),
    /** Absent: every matching receiver (the console, the CLI and the Alertmanager API list them all). */
    limit: z.coerce.number().int().min(1).max(500).optional(),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export type ReceiverListQuery = z.output<typeof ReceiverListQuery>;

export interface ReceiverPage<T> {
  readonly items: T[];
  /** Receivers matching the filters, all pages together. */
  readonly total: number;
  /** null: no limit was asked for. */
  readonly limit: number | null;
  readonly offset: number;
}

/** Filters then pages receivers already in their listing order. */
export function receiverPage<T extends { readonly status: ReceiverStatus; readonly channel: string }>(all: readonly T[], q: ReceiverListQuery): ReceiverPage<T> {
  const matching = all.filter((r) => (q.status === undefined || r.status === q.status) && (q.channel === undefined || r.channel === q.channel));
  const end = q.limit === undefined ? undefined : q.offset + q.limit;
  return { items: matching.slice(q.offset, end), total: matching.length, limit: q.limit ?? null, offset: q.offset };
}

/** A generated receiver id: `rcv_` and 20 hex digits from `randomHex` (a subject token, so it can name NATS subjects). */
export function generatedReceiverId(randomHex: string): string {
  return `rcv_${randomHex.replace(/[^0-9a-f]/gi, '').slice(0, 20).toLowerCase()}`;
}
