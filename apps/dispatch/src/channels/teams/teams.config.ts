import { z } from 'zod';
import { HttpUrl } from '../shared/http.js';

/**
 * A Microsoft Teams webhook. `adaptive` (default) posts an Adaptive Card in the
 * envelope the Workflows "post to a channel when a webhook request is received"
 * template expects; `messagecard` posts the legacy Office 365 connector card.
 * The URL is the credential.
 */
export const TeamsConfig = z.strictObject({
  url: HttpUrl,
  format: z.enum(['adaptive', 'messagecard']).default('adaptive'),
});
export type TeamsConfig = z.infer<typeof TeamsConfig>;
