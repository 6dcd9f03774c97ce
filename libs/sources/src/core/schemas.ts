import { z } from 'zod';

const orRequired = (message: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is required' : message;

/** Optional text that tools sometimes send as null. */
export const OptText = z.string().nullish();

/** Ids that tools send as numbers or strings; normalised to a trimmed string. */
export const IdLike = z
  .union([z.string(), z.number()], { error: orRequired('must be a string or a number') })
  .transform((value) => String(value).trim());

/** Times are read leniently: an unreadable time falls back to receivedAt, it is not an error. */
export const LooseTime = z
  .union([z.string(), z.number()], { error: orRequired('must be a time as a string or a number') })
  .nullish();
