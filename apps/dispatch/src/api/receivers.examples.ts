import { RetryPolicy, retrySchedule } from '../delivery/domain/index.js';

const WEEK_MS = 7 * 24 * 3_600_000;
const created = '2026-01-15T10:30:00.000Z';

/** Seed 001's example webhook, as Herald takes it. */
const createRequest = {
  name: 'Compliance Alerts',
  description: 'Send compliance violations',
  channel: 'webhook',
  settings: { url: 'https://example.com/webhooks/compliance', headers: { Authorization: 'Bearer token-xyz' } },
  eventTypes: ['triggered', 'resolved'],
  retry: { kind: 'exponential', initialDelayMs: 60_000, multiplier: 2, maxDelayMs: 3_600_000, maxAttempts: 5, jitter: 0.2, jitterMode: 'both' },
  rateLimit: { perMinute: 60 },
  metadata: { team: 'compliance', priority: 'high' },
};

const receiver = {
  id: 'rcv_3f2504e04f8911d39a0c',
  name: createRequest.name,
  description: createRequest.description,
  metadata: createRequest.metadata,
  channel: 'webhook',
  enabled: true,
  paused: false,
  status: 'active',
  eventTypes: createRequest.eventTypes,
  lastTriggeredAt: null,
  settings: { url: 'https://example.com/webhooks/compliance', headers: { Authorization: '********' } },
  secretFields: ['settings.headers.Authorization'],
  retry: createRequest.retry,
  rateLimit: createRequest.rateLimit,
  health: { disabled: null, circuit: 'closed', failingSince: null },
  managedBy: 'api',
  revision: 1,
  createdAt: created,
  updatedAt: created,
};

const previewPolicy = RetryPolicy.parse({ initialDelayMs: 30_000, multiplier: 1.5, maxDelayMs: 7_200_000, maxAttempts: 10, jitter: 0.2, jitterMode: 'both' });

/** Examples shown in the OpenAPI document; checked against the schemas by dispatch.openapi.spec. */
export const RECEIVER_EXAMPLES = {
  create: { request: createRequest, response: receiver },
  list: { response: { items: [receiver], total: 1, limit: 50, offset: 0 } }, // GET /v1/receivers?status=active&limit=50&offset=0
  // Seed 001's batch settings (batch_size 10, batch_timeout_seconds 30) as Herald takes them.
  patch: {
    request: { enabled: false, metadata: { updated_reason: 'Receiver maintenance' }, batch: { size: 10, timeoutSeconds: 30 } },
    response: { ...receiver, enabled: false, paused: true, status: 'paused', metadata: { updated_reason: 'Receiver maintenance' }, batch: { size: 10, timeoutSeconds: 30 }, revision: 2 },
  },
  test: {
    request: { eventType: 'IncidentResolved' },
    response: { receiverId: receiver.id, eventType: 'IncidentResolved', channel: 'webhook', outcome: 'delivered', statusClass: '2xx', statusCode: 200, durationMs: 84 },
  },
  subscriptions: { response: { receiverId: receiver.id, eventTypes: ['triggered', 'resolved'], narrowed: true } },
  /** Seed 001's example 4 policy; the answer is what the preview computes for it. */
  retryPreview: { request: previewPolicy, response: { policy: previewPolicy, ...retrySchedule(previewPolicy, WEEK_MS), retentionMs: WEEK_MS } },
} as const;
