import { z } from 'zod';
import { HttpUrl } from '../shared/http.js';

const Snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id');

/** A Discord channel webhook. The URL is the credential. */
export const DiscordConfig = z.strictObject({
  url: HttpUrl,
  /** Discord refuses names over 80 characters or containing "discord" or "clyde". */
  username: z
    .string()
    .min(1)
    .max(80)
    .refine((name) => !/discord|clyde/i.test(name), 'may not contain "discord" or "clyde"')
    .optional(),
  avatarUrl: HttpUrl.optional(),
  /** Roles to ping; nothing else in a message can mention anyone. */
  mentionRoles: z.array(Snowflake).max(10).optional(),
});
export type DiscordConfig = z.infer<typeof DiscordConfig>;
