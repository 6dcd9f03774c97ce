import { z } from 'zod';
import { IncidentStatus, IsoDateTime, Severity, SourceType } from '@herald/contracts';

/** A filter given as `a,b` or repeated (`?status=a&status=b`). */
const anyOf = <T extends z.ZodType>(item: T) => z.preprocess(splitValues, z.array(item).min(1).max(20));

function splitValues(value: unknown): unknown[] {
  const values: unknown[] = Array.isArray(value) ? value : [value];
  return values.flatMap((v): unknown[] =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)
      : [v],
  );
}

export const ListIncidentsQuery = z
  .strictObject({
    status: anyOf(IncidentStatus).optional(),
    severity: anyOf(Severity).optional(),
    source: anyOf(SourceType).optional(),
    service: z.string().min(1).max(255).optional(),
    dedupKey: z.string().min(1).max(255).optional(),
    /** Case-insensitive substring of the summary. */
    text: z.string().min(1).max(200).optional(),
    /** Opened at or after. */
    from: IsoDateTime.optional(),
    /** Opened before. */
    to: IsoDateTime.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** `nextCursor` of the previous page. */
    cursor: z.string().min(1).max(200).optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) < Date.parse(q.to), {
    path: ['to'],
    message: 'must be after from',
  });
export type ListIncidentsQuery = z.infer<typeof ListIncidentsQuery>;

export const GetIncidentQuery = z.strictObject({
  /** Timeline events after this version (the previous page's `nextTimelineAfter`). */
  timelineAfter: z.coerce.number().int().min(0).default(0),
  timelineLimit: z.coerce.number().int().min(1).max(1_000).default(500),
});

export const IncidentIdParam = z.strictObject({ id: z.uuid({ message: 'must be an incident id (UUID)' }) });

const person = z.string().trim().min(1).max(200);

/*
 * Who acts: a personal token or the authenticating proxy names the person, and that name is
 * recorded whatever the body says; with the shared admin token the body's `by` / `author`
 * names them (and is then required).
 */
export const AcknowledgeBody = z.strictObject({ by: person.optional() });
export const ResolveBody = z.strictObject({ by: person.optional() });
export const NoteBody = z.strictObject({ author: person.optional(), text: z.string().max(10_000).refine((t) => t.trim() !== '', 'must not be blank') });

/** Keyset position: the last incident of a page (opened_at with microseconds, id). */
export const Cursor = z.strictObject({ openedAt: z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/), id: z.uuid() });
export type Cursor = z.infer<typeof Cursor>;

export const encodeCursor = (cursor: Cursor): string => Buffer.from(JSON.stringify(cursor)).toString('base64url');

export function decodeCursor(text: string): Cursor | undefined {
  try {
    const parsed = Cursor.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
