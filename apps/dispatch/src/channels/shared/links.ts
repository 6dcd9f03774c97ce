import { type RenderInput } from '../types.js';

export interface SafeLink {
  href: string;
  text: string;
}

/** Longest link any renderer emits; Slack refuses button URLs over 3000 characters. */
export const MAX_LINK_LENGTH = 3000;

/** The incident's page in Herald, when Herald's URL is known. */
export function incidentUrl(input: Pick<RenderInput, 'heraldUrl' | 'message'>): string | undefined {
  if (!input.heraldUrl) return undefined;
  const base = input.heraldUrl.replace(/\/+$/, '');
  return `${base}/incidents/${encodeURIComponent(input.message.incident.id)}`;
}

/** An absolute http(s) URL; alert sources are not trusted to send only those. */
export function isSafeHref(href: string): boolean {
  if (href.length > MAX_LINK_LENGTH) return false;
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Links to show as buttons: Herald's incident page first, then the incident's
 * own links that are absolute http(s) URLs, without duplicates, at most `max`.
 */
export function safeLinks(input: Pick<RenderInput, 'heraldUrl' | 'message'>, max: number): SafeLink[] {
  const links: SafeLink[] = [];
  const own = incidentUrl(input);
  if (own && isSafeHref(own)) links.push({ href: own, text: 'Open in Herald' });
  for (const link of input.message.incident.links) {
    if (!isSafeHref(link.href) || links.some((l) => l.href === link.href)) continue;
    links.push({ href: link.href, text: link.text?.trim() || hostOf(link.href) });
  }
  return links.slice(0, max);
}

function hostOf(href: string): string {
  return new URL(href).host || href;
}
