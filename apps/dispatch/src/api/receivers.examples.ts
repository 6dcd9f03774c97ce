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
  /** Seed 004's `timeout=30`. */
  timeoutSeconds: 30,
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
  timeoutSeconds: createRequest.timeoutSeconds,
  health: { disabled: null, circuit: 'closed', failingSince: null },
  managedBy: 'api',
  revision: 1,
  createdAt: created,
  updatedAt: created,
};

/** An internal CA (example only): the receiver's HTTPS and SMTP servers must chain to it. */
const INTERNAL_CA = "-----BEGIN CERTIFICATE-----\nMIIBkTCCATegAwIBAgIUNzV+xiLbVfRka2X+Y3AU6CYE3y8wCgYIKoZIzj0EAwIw\nHjEcMBoGA1UEAwwTRXhhbXBsZSBJbnRlcm5hbCBDQTAeFw0yNjEyMDYwMDExNTla\nFw0zNjEyMDMwMDExNTlaMB4xHDAaBgNVBAMME0V4YW1wbGUgSW50ZXJuYWwgQ0Ew\nWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQfkqq4c6sG2aqMqaGctz3lUOLlx5Ly\niFNQTD9/55tMAFwxuTrJaE8zxCqsXi1gkgJZ05vdNUYy2hOUV57OIcXeo1MwUTAd\nBgNVHQ4EFgQUJGNmLCuPsUq4NP6iJMoR9TBhOmIwHwYDVR0jBBgwFoAUJGNmLCuP\nsUq4NP6iJMoR9TBhOmIwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBF\nAiBb3/TL7n2bl2kSsnvl2C37f8ed3XS+tFh0gP7xuLHaDwIhAOI5BPb+Ww5OMnUA\n8s24DY31YtenPb5SO97WUk+XhJ4z\n-----END CERTIFICATE-----\n";

/** An e-mail receiver with its own SMTP server (STARTTLS required, checked against its own CA), as PUT takes it. */
const emailRequest = {
  name: 'Security mailbox',
  channel: 'email',
  timeoutSeconds: 60,
  tls: { ca: INTERNAL_CA },
  settings: {
    to: ['security@example.com'],
    from: 'Herald <herald@example.com>',
    smtp: { host: 'smtp.internal.example.com', port: 587, requireTls: true, username: 'herald', password: 'smtp-password' },
  },
};

/** Seed 004's Splunk HEC format and a Slack bot whose incident updates thread, as the list shows them. */
const formatReceivers = [
  {
    ...receiver,
    id: 'siem-splunk',
    name: 'SIEM (Splunk HEC)',
    channel: 'splunk',
    description: undefined,
    metadata: undefined,
    eventTypes: undefined,
    settings: { url: 'https://splunk.example.com:8088/services/collector/event', token: '********', source: 'herald', sourcetype: 'herald:{event}', eventFormat: 'flat' },
    secretFields: ['settings.token'],
  },
  {
    ...receiver,
    id: 'ops-slack-bot',
    name: 'Ops channel (threads)',
    channel: 'slack',
    description: undefined,
    metadata: undefined,
    eventTypes: undefined,
    settings: { token: '********', channel: 'C0123ABCD', threads: true },
    secretFields: ['settings.token'],
  },
];

const previewPolicy = RetryPolicy.parse({ initialDelayMs: 30_000, multiplier: 1.5, maxDelayMs: 7_200_000, maxAttempts: 10, jitter: 0.2, jitterMode: 'both' });

/** Examples shown in the OpenAPI document; checked against the schemas by dispatch.openapi.spec. */
export const RECEIVER_EXAMPLES = {
  create: { request: createRequest, response: receiver },
  list: { response: { items: [receiver, ...formatReceivers], total: 3, limit: 50, offset: 0 } }, // GET /v1/receivers?status=active&limit=50&offset=0
  // Seed 001's batch settings (batch_size 10, batch_timeout_seconds 30) as Herald takes them.
  patch: {
    request: { enabled: false, metadata: { updated_reason: 'Receiver maintenance' }, batch: { size: 10, timeoutSeconds: 30 } },
    response: { ...receiver, enabled: false, paused: true, status: 'paused', metadata: { updated_reason: 'Receiver maintenance' }, batch: { size: 10, timeoutSeconds: 30 }, revision: 2 },
  },
  test: {
    request: { eventType: 'IncidentResolved' },
    response: { receiverId: receiver.id, eventType: 'IncidentResolved', channel: 'webhook', outcome: 'delivered', statusClass: '2xx', statusCode: 200, durationMs: 84 },
  },
  replace: {
    request: emailRequest,
    response: {
      ...receiver,
      id: 'security-mail',
      name: emailRequest.name,
      channel: 'email',
      description: undefined,
      metadata: undefined,
      eventTypes: undefined,
      timeoutSeconds: 60,
      tls: emailRequest.tls,
      settings: { ...emailRequest.settings, smtp: { ...emailRequest.settings.smtp, password: '********' } },
      secretFields: ['settings.smtp.password'],
      retry: RetryPolicy.parse({}),
      rateLimit: undefined,
      revision: 2,
    },
  },
  subscriptions: { response: { receiverId: receiver.id, eventTypes: ['triggered', 'resolved'], narrowed: true } },
  /** Seed 001's example 4 policy; the answer is what the preview computes for it. */
  retryPreview: { request: previewPolicy, response: { policy: previewPolicy, ...retrySchedule(previewPolicy, WEEK_MS), retentionMs: WEEK_MS } },
} as const;
