import { CanonicalAlert, compiledCheck, storableDeep, type Link, type SourceType } from '@herald/contracts';
import { formatPath, prefixErrors, readWith } from './field-errors.js';
import { boundDedupKey } from './hashing.js';
import { compact } from './maps.js';
import { firstText, truncate } from './text.js';
import { type AlertDraft, type FieldError, type NormaliseContext } from './types.js';

const MAX_SUMMARY = 1024;
const MAX_SERVICE = 255;

/**
 * The contract check of every alert ingestion accepts: the compiled check, and zod only for an
 * alert it refuses (for the errors naming the fields). zod's parse copied every alert, field
 * by field, a few thousand times a second in a storm; `toCanonical` builds exactly the
 * contract's keys, so the alert it passes is the alert zod would have returned.
 */
const isCanonicalAlert = compiledCheck(CanonicalAlert);

function cleanLinks(links: AlertDraft['links']): Link[] {
  const seen = new Set<string>();
  const out: Link[] = [];
  for (const link of links ?? []) {
    const href = firstText(link.href);
    if (href === undefined || seen.has(href)) continue;
    seen.add(href);
    const text = firstText(link.text);
    out.push(text === undefined ? { href } : { href, text });
  }
  return out;
}

/** The key incidents are found by: the source's key, prefixed by its integration unless shared. */
export function scopedDedupKey(key: string, ctx: Pick<NormaliseContext, 'integrationId' | 'dedupScope'>): string {
  return boundDedupKey(ctx.dedupScope === 'global' ? key : `${ctx.integrationId}/${key}`);
}

function toCanonical(source: SourceType, draft: AlertDraft, index: number, ctx: NormaliseContext) {
  const service = firstText(draft.service);
  const dedupKey = scopedDedupKey(draft.dedupKey, ctx);
  return {
    id: ctx.makeId(index),
    rawId: ctx.rawId,
    integrationId: ctx.integrationId,
    source,
    action: draft.action,
    dedupKey,
    severity: draft.severity,
    summary: truncate(firstText(draft.summary) ?? `${source} alert ${boundDedupKey(draft.dedupKey)}`, MAX_SUMMARY),
    ...(service === undefined ? {} : { service: truncate(service, MAX_SERVICE) }),
    labels: draft.labels ?? {},
    annotations: draft.annotations ?? {},
    details: compact(draft.details ?? {}),
    links: cleanLinks(draft.links),
    occurredAt: draft.occurredAt ?? ctx.receivedAt,
    receivedAt: ctx.receivedAt,
    ...(draft.endsAt === undefined ? {} : { endsAt: draft.endsAt }),
  };
}

/**
 * Adds the envelope facts, applies the canonical length limits, makes every string storable
 * (NUL and unpaired surrogates become U+FFFD) and checks the result against the contract, so
 * an `ok` result is always publishable, and storable by the incidents service.
 */
export function finalise(
  source: SourceType,
  drafts: readonly AlertDraft[],
  ctx: NormaliseContext,
): { ok: true; alerts: CanonicalAlert[] } | { ok: false; errors: FieldError[] } {
  const alerts: CanonicalAlert[] = [];
  const errors: FieldError[] = [];
  drafts.forEach((draft, index) => {
    // The door refuses such bytes in a body, but text found inside one (an SNS `Message`, a
    // decoded field) is only seen here, after the 2xx: carried, with U+FFFD for what PostgreSQL refuses.
    const read = readWith(isCanonicalAlert, CanonicalAlert, storableDeep(toCanonical(source, draft, index, ctx)));
    if (read.ok) alerts.push(read.value);
    else errors.push(...prefixErrors(formatPath(['canonical', index]), read.errors));
  });
  return errors.length === 0 ? { ok: true, alerts } : { ok: false, errors };
}
