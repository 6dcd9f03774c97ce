import { z } from 'zod';

/** A NATS subject token: no dots, wildcards or white space. */
export const SubjectToken = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/, 'must contain only letters, digits, "-" and "_"');

export const IsoDateTime = z.iso.datetime({ offset: true });

export const StringMap = z.record(z.string(), z.string());
export type StringMap = z.infer<typeof StringMap>;

export const Link = z.object({ href: z.string().min(1), text: z.string().optional() });
export type Link = z.infer<typeof Link>;
