import { createHash } from 'node:crypto';
import { type NotificationGroup } from '@herald/contracts';
import { groupedIncidentLine, groupedIncidentUrl, groupFacts, groupTitle, leadIncident, listedIncidents } from '../shared/group-text.js';
import { affectedItems, EVENT_KEYS, eventFacts, type Fact, headline, incidentFacts } from '../shared/event-titles.js';
import { escapeHtml, singleLine } from '../shared/escape.js';
import { safeLinks, type SafeLink } from '../shared/links.js';
import { incidentColour } from '../shared/severity.js';
import { truncate } from '../shared/truncate.js';
import { renderText } from '../templates/text-template.js';
import { templateView } from '../templates/template-view.js';
import { type ChannelRenderer, type RenderInput, type RenderedEmail } from '../types.js';
import { EmailConfig } from './email.config.js';

/** RFC 5322 allows 998 per line; mail clients show far less. */
export const MAX_SUBJECT_LENGTH = 250;

/** Case-insensitive de-duplication, keeping the first spelling. */
function unique(addresses: readonly string[], exclude: readonly string[] = []): string[] {
  const seen = new Set(exclude.map((a) => a.toLowerCase()));
  return addresses.filter((a) => {
    const key = a.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function domainOf(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from);
  return match?.[1] ?? 'herald.invalid';
}

const idPart = (text: string): string => text.replace(/[^A-Za-z0-9._-]/g, '_');

/**
 * Threading: the first event of an incident carries the thread's Message-ID,
 * every later event replies to it, so one incident reads as one conversation.
 */
function threadHeaders(input: RenderInput, from: string): Record<string, string> {
  const { event, incident } = input.message;
  const domain = domainOf(from);
  const root = `<incident.${incident.id}.${idPart(input.receiver.id)}@${domain}>`;
  if (event.type === 'IncidentTriggered' && event.version === 1) return { 'Message-ID': root };
  return {
    'Message-ID': `<event.${event.id}.${idPart(input.receiver.id)}@${domain}>`,
    'In-Reply-To': root,
    References: root,
  };
}

interface Body {
  title: string;
  facts: Fact[];
  items: string[];
  moreText: string;
  links: SafeLink[];
  footer: string;
}

/** A group notification: its counts and reason as facts, one line per incident. */
function groupBodyOf(input: RenderInput, group: NotificationGroup): Body {
  const { items, more } = listedIncidents(group, 100);
  return {
    title: groupTitle(group),
    facts: groupFacts(group),
    items: items.map((item) => {
      const url = groupedIncidentUrl(input, item);
      return url ? `${groupedIncidentLine(item)} (${url})` : groupedIncidentLine(item);
    }),
    moreText: more ?? '',
    links: [],
    footer: `Group ${group.key} · notification ${group.sequence} · sent by Herald to ${input.receiver.name}`,
  };
}

/** One conversation per group incarnation: its first notification starts it, the later ones reply. */
function groupThreadHeaders(input: RenderInput, group: NotificationGroup, jobFrom: string): Record<string, string> {
  const domain = domainOf(jobFrom);
  const id = createHash('sha256').update(`${group.key}\u0000${input.receiver.id}`).digest('hex').slice(0, 32);
  const root = `<group.${id}@${domain}>`;
  if (group.sequence === 1) return { 'Message-ID': root };
  return { 'Message-ID': `<group.${id}.${group.sequence}.${idPart(input.now)}@${domain}>`, 'In-Reply-To': root, References: root };
}

function bodyOf(input: RenderInput): Body {
  if (input.group) return groupBodyOf(input, input.group);
  const { message } = input;
  const { items, moreText } = affectedItems(message);
  return {
    title: headline(message),
    facts: [...incidentFacts(message), ...eventFacts(message.event)],
    items,
    moreText,
    links: safeLinks(input, 10),
    footer: `Incident ${message.incident.id} · ${message.event.type} at ${message.event.occurredAt} · sent by Herald to ${input.receiver.name}`,
  };
}

export function emailText(body: Body): string {
  const lines = [body.title, '', ...body.facts.map((f) => `${f.name}: ${f.value}`)];
  if (body.items.length > 0) {
    lines.push('', 'Affected items:', ...body.items.map((i) => `  - ${i}`));
    if (body.moreText) lines.push(`  ${body.moreText}`);
  }
  if (body.links.length > 0) lines.push('', 'Links:', ...body.links.map((l) => `  ${l.text}: ${l.href}`));
  lines.push('', '--', body.footer);
  return lines.join('\n') + '\n';
}

/** Every interpolated value goes through `escapeHtml`; hrefs are http(s) only (see safeLinks). */
export function emailHtml(body: Body, colour: string): string {
  const e = escapeHtml;
  const rows = body.facts
    .map(
      (f) =>
        `<tr><th align="left" style="padding:4px 12px 4px 0;vertical-align:top">${e(f.name)}</th>` +
        `<td style="padding:4px 0;white-space:pre-wrap">${e(f.value)}</td></tr>`,
    )
    .join('');
  const items =
    body.items.length > 0
      ? `<h3 style="margin:16px 0 4px">Affected items</h3><ul>${body.items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>` +
        (body.moreText ? `<p>${e(body.moreText)}</p>` : '')
      : '';
  const links =
    body.links.length > 0
      ? `<p>${body.links.map((l) => `<a href="${e(l.href)}">${e(l.text)}</a>`).join(' · ')}</p>`
      : '';
  return (
    '<!DOCTYPE html><html><head><meta charset="utf-8"></head>' +
    '<body style="font-family:sans-serif;font-size:14px;color:#222">' +
    `<div style="border-left:6px solid ${e(colour)};padding:8px 16px">` +
    `<h2 style="margin:0 0 8px">${e(body.title)}</h2>` +
    `<table cellspacing="0" cellpadding="0">${rows}</table>${items}${links}</div>` +
    `<p style="color:#777;font-size:12px">${e(body.footer)}</p></body></html>`
  );
}

export const emailRenderer: ChannelRenderer<EmailConfig> = {
  channel: 'email',
  config: EmailConfig,
  secretUrl: false,
  render(input, config): RenderedEmail {
    const { message } = input;
    const to = unique(config.to);
    const cc = unique(config.cc ?? [], to);
    const body = bodyOf(input);
    // The subject template speaks of one incident; a group notification is titled by its group.
    const subject = input.group ? '' : truncate(singleLine(renderText(config.subject, templateView(input))), MAX_SUBJECT_LENGTH);
    const lead = input.group ? leadIncident(input.group) : undefined;
    return {
      kind: 'email',
      from: config.from,
      to,
      ...(cc.length > 0 ? { cc } : {}),
      subject: subject || singleLine(truncate(body.title, MAX_SUBJECT_LENGTH)),
      text: emailText(body),
      html: emailHtml(body, incidentColour(input.group ? (lead?.incident ?? message.incident) : message.incident)),
      headers: {
        ...(input.group ? groupThreadHeaders(input, input.group, config.from) : threadHeaders(input, config.from)),
        // RFC 3834: stops vacation responders answering alerts.
        'Auto-Submitted': 'auto-generated',
        'X-Herald-Incident-Id': message.incident.id,
        'X-Herald-Event': EVENT_KEYS[message.event.type],
        'X-Herald-Severity': message.incident.severity,
      },
      ...(config.smtp ? { smtp: config.smtp } : {}),
    };
  },
};
