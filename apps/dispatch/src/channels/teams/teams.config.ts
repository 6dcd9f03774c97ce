import { z } from 'zod';
import { HttpUrl } from '../shared/http.js';
import { ColourSetting } from '../shared/severity.js';

/**
 * A Microsoft Teams webhook. `adaptive` (default) posts an Adaptive Card in the
 * envelope the Workflows "post to a channel when a webhook request is received"
 * template expects; `messagecard` posts the legacy Office 365 connector card.
 * The URL is the credential.
 */
export const TeamsConfig = z
  .strictObject({
    url: HttpUrl,
    format: z.enum(['adaptive', 'messagecard']).default('adaptive'),
    /** The card's `themeColor` (its accent line): one colour, or one per severity and `resolved`. */
    themeColor: ColourSetting.optional(),
  })
  .refine((c) => c.themeColor === undefined || c.format === 'messagecard', {
    // Adaptive Cards take only named styles (attention, warning, good), which Herald already sets by severity.
    message: 'applies to format messagecard; Adaptive Cards have no colour of their own',
    path: ['themeColor'],
  });
export type TeamsConfig = z.infer<typeof TeamsConfig>;
