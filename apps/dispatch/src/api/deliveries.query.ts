import { z } from 'zod';
import { DeliveryOutcomeKind, IsoDateTime, SubjectToken } from '@herald/contracts';

/** `GET /v1/deliveries` query string. */
export const DeliveryListQuery = z.strictObject({
  receiver: SubjectToken.optional(),
  /** Where the job stands: the outcome of its latest attempt. */
  status: DeliveryOutcomeKind.optional(),
  incident: z.uuid().optional(),
  /** Latest attempt at or after this time. */
  since: IsoDateTime.optional(),
  /** Latest attempt before this time (also the cursor: pass the last item's `lastAttemptAt`). */
  until: IsoDateTime.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type DeliveryListQuery = z.infer<typeof DeliveryListQuery>;

/** `POST /v1/receivers/:id/deliveries/retry` query string. */
export const RetryFailedQuery = z.strictObject({
  /** Failed or dead deliveries whose latest attempt is at most this old. */
  max_age_hours: z.coerce.number().positive().max(24 * 90).default(24),
  /** At most this many are replayed per call. */
  limit: z.coerce.number().int().min(1).max(10_000).default(1_000),
});
export type RetryFailedQuery = z.infer<typeof RetryFailedQuery>;

/** `PUT /v1/routes` query string. */
export const TreeWriteQuery = z.strictObject({
  /** Refuse (409) unless the tree is still at this version. */
  expectedVersion: z.coerce.number().int().min(0).optional(),
});

export const SilenceListQuery = z.strictObject({
  state: z.enum(['pending', 'active', 'expired']).optional(),
});

export const HistoryQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** `POST /v1/routes/test` body: the labels an incident would carry. */
const TestLabels = z.record(z.string().min(1).max(200), z.string().max(1000));
export const RouteTestBody = z.strictObject({ labels: TestLabels });

/** `POST /v1/routes/test/batch` body: many label sets answered in one call (the gateway's Alertmanager alert list). */
export const RouteTestBatchBody = z.strictObject({ labelSets: z.array(TestLabels).max(2000) });
