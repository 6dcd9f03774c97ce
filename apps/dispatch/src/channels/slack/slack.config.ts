import { z } from 'zod';
import { HttpUrl } from '../shared/http.js';

/** A Slack incoming webhook. The URL is the credential. */
export const SlackConfig = z.strictObject({
  url: HttpUrl,
  /** Honoured by legacy (custom integration) webhooks only; app webhooks post as the app. */
  username: z.string().min(1).max(80).optional(),
  iconEmoji: z.string().regex(/^:[a-z0-9_+'-]+:$/, 'must look like :emoji_name:').optional(),
  iconUrl: HttpUrl.optional(),
});
export type SlackConfig = z.infer<typeof SlackConfig>;
