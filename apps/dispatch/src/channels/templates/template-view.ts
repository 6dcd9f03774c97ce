import { affectedItems, EVENT_TITLES, headline } from '../shared/event-titles.js';
import { safeLinks } from '../shared/links.js';
import { heraldPayload } from '../shared/payload.js';
import { statusTag } from '../shared/severity.js';
import { type RenderInput } from '../types.js';

/**
 * Copies JSON-like data into objects and arrays without prototypes, so a
 * mustache name finds only data: `{{links.push}}` or `{{toString}}` find nothing.
 */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return Object.setPrototypeOf(value.map(plain), null) as unknown[];
  if (value !== null && typeof value === 'object') {
    const out = Object.create(null) as Record<string, unknown>;
    for (const [key, inner] of Object.entries(value)) out[key] = plain(inner);
    return out;
  }
  return value;
}

const pairs = (map: Readonly<Record<string, string>>): { key: string; value: string }[] =>
  Object.entries(map)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => ({ key, value }));

/**
 * What templates see: the Herald payload (`version`, `type`, `timestamp`,
 * `event`, `incident`, `receiver`, `alertReceivedAt`) plus shortcuts —
 * `title`, `headline`, `tag`, `severity`, `status`, `summary`, `service`,
 * `alertCount`, `labelsList` / `annotationsList` (`{key, value}` sorted by key),
 * `affected` (`items`, `more`, `moreText`), `links` (`href`, `text`), `now`.
 */
export function templateView(input: RenderInput): Record<string, unknown> {
  const payload = heraldPayload(input);
  const { incident, event } = input.message;
  return plain({
    ...payload,
    title: EVENT_TITLES[event.type],
    headline: headline(input.message),
    tag: statusTag(incident),
    severity: incident.severity,
    status: incident.status,
    summary: incident.summary,
    service: incident.service,
    alertCount: incident.alertCount,
    labelsList: pairs(incident.labels),
    annotationsList: pairs(incident.annotations),
    affected: affectedItems(input.message),
    links: safeLinks(input, 10),
    now: input.now,
  }) as Record<string, unknown>;
}
