import { type z } from 'zod';
import { type Channel, type IncidentEventMessage, type NotificationGroup } from '@herald/contracts';
import { type SmtpServer } from './email/email.config.js';

/** Everything a renderer may look at besides its own configuration. */
export interface RenderInput {
  /** The incident event; for a group notification, the group's most recently changed incident. */
  message: IncidentEventMessage;
  /** Set for a group notification (a grouped route): render the whole group, not `message` alone. */
  group?: NotificationGroup;
  receiver: { id: string; name: string };
  /** ISO-8601 time of this render (the attempt), never read from a clock inside a renderer. */
  now: string;
  /** Base URL of the Herald UI; incident links become `<heraldUrl>/incidents/<id>`. */
  heraldUrl?: string;
  /** The thread this incident's messages reply in at this receiver (Slack with a bot token), once it has one. */
  threadTs?: string;
}

/** An HTTP request ready to send; `body` is the exact byte sequence that was signed. */
export interface RenderedRequest {
  kind: 'http';
  method: 'POST';
  url: string;
  /** Header names are lower-case. They may carry credentials: redact before logging. */
  headers: Record<string, string>;
  body: string;
  /**
   * The answer must be read, not just its status: Slack's Web API answers 200 with `ok: false`
   * when it refuses, and its `ts` starts the incident's thread when `thread` is on.
   */
  answer?: { kind: 'slack-web-api'; thread: boolean };
}

/** A mail ready for the SMTP adapter (nodemailer). */
export interface RenderedEmail {
  kind: 'email';
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html: string;
  from: string;
  headers?: Record<string, string>;
  /** The receiver's own SMTP server; the service-wide SMTP_URL when absent. */
  smtp?: SmtpServer;
}

export type Rendered = RenderedRequest | RenderedEmail;

/** Per-attempt values for Standard Webhooks signing. */
export interface SigningContext {
  /** Stable across retries of one delivery (the job id), so receivers can deduplicate. */
  messageId: string;
  /** Unix seconds of this attempt. */
  timestamp: number;
}

export interface ChannelRenderer<C> {
  readonly channel: Channel;
  /** zod schema of the receiver's channel settings; parse before calling `render`. */
  readonly config: z.ZodType<C>;
  /** True when the URL itself is a credential (Slack, Discord, Teams webhooks): redact it in logs. */
  readonly secretUrl: boolean;
  render(input: RenderInput, config: C, signing: SigningContext): Rendered;
  /**
   * Several events as ONE request (batch sending), in the channel's own batch format. Absent:
   * the channel takes one event per request and its receivers cannot batch.
   */
  renderBatch?(inputs: readonly RenderInput[], config: C, signing: SigningContext): RenderedRequest;
}

export type RenderErrorCode =
  | 'CONFIG_INVALID'
  | 'TEMPLATE_INVALID'
  | 'TEMPLATE_RENDER_FAILED'
  | 'PAYLOAD_TOO_LARGE'
  | 'SECRET_INVALID';

/** A render that can never succeed for this job and config: never retry it. */
export class RenderError extends Error {
  readonly recoverable = false;
  constructor(
    readonly code: RenderErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RenderError';
  }
}
