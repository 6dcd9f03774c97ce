import { z } from 'zod';
import { HttpUrl } from '../shared/http.js';

export const SLACK_API_URL = 'https://slack.com/api';

/**
 * Slack, by an incoming webhook (`url`, which is the credential) or by a bot token (`token`,
 * `chat.postMessage` to `channel`). With a bot token the updates of one incident reply in the
 * thread of its first message (`threads`, on by default): Herald keeps that message's `ts`
 * per incident and receiver.
 */
export const SlackConfig = z
  .strictObject({
    url: HttpUrl.optional(),
    /** A bot token (`xoxb-…`) with `chat:write`; write-only in the API. */
    token: z.string().regex(/^xox[bp]-[A-Za-z0-9-]{10,250}$/, 'must be a Slack bot token (xoxb-…)').optional(),
    /** The Web API base, for a Slack-compatible server; Slack's own by default. */
    apiUrl: HttpUrl.default(SLACK_API_URL),
    threads: z.boolean().default(true),
    /** Honoured by legacy (custom integration) webhooks and bot tokens with `chat:write.customize`. */
    username: z.string().min(1).max(80).optional(),
    iconEmoji: z.string().regex(/^:[a-z0-9_+'-]+:$/, 'must look like :emoji_name:').optional(),
    iconUrl: HttpUrl.optional(),
    /**
     * Post to this channel instead of the webhook's own: `#name`, `@user` or a channel id.
     * Honoured by legacy webhooks (an app's webhook is bound to its channel); required with a token.
     */
    channel: z
      .string()
      .regex(/^(?:[#@][a-z0-9._-]{1,80}|[CGD][A-Z0-9]{6,20})$/, 'must be #channel, @user or a channel id')
      .optional(),
  })
  .superRefine((c, ctx) => {
    if ((c.url === undefined) === (c.token === undefined)) ctx.addIssue({ code: 'custom', path: ['url'], message: 'set url (an incoming webhook) or token (a bot token), not both' });
    if (c.token !== undefined && c.channel === undefined) ctx.addIssue({ code: 'custom', path: ['channel'], message: 'is required with a token' });
  });
export type SlackConfig = z.infer<typeof SlackConfig>;
