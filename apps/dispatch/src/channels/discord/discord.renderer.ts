import { type NotificationGroup } from '@herald/contracts';
import { groupedIncidentLine, groupedIncidentUrl, groupFacts, groupTitle, leadIncident, listedIncidents } from '../shared/group-text.js';
import { affectedItems, eventFacts, headline, incidentFacts } from '../shared/event-titles.js';
import { jsonPost } from '../shared/http.js';
import { incidentUrl, safeLinks } from '../shared/links.js';
import { colourToInt, incidentColour } from '../shared/severity.js';
import { truncate } from '../shared/truncate.js';
import { type ChannelRenderer, type RenderInput, type RenderedRequest } from '../types.js';
import { DiscordConfig } from './discord.config.js';
import { DISCORD_LIMITS, type DiscordEmbed, type DiscordField, fitEmbeds } from './discord.embeds.js';

export interface DiscordMessage {
  content?: string;
  username?: string;
  avatar_url?: string;
  embeds: DiscordEmbed[];
  allowed_mentions: { parse: never[]; roles?: string[] };
}

/** `[text](url)` with the characters that would end the link label or URL escaped. */
function markdownLink(text: string, href: string): string {
  const label = truncate(text, 100).replace(/[[\]\\]/g, (c) => `\\${c}`);
  const target = href.replace(/[()\s]/g, (c) => (c === '(' ? '%28' : c === ')' ? '%29' : encodeURIComponent(c)));
  return `[${label}](${target})`;
}

function linesWithin(lines: readonly string[], max: number): string {
  const kept: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (length + line.length + 1 > max) break;
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join('\n');
}

/** A group notification: one embed with the counts and reason, and a line per incident. */
function discordGroupEmbed(input: RenderInput, group: NotificationGroup): DiscordEmbed {
  const { items, more } = listedIncidents(group, 20);
  const lines = items.map((item) => {
    const url = groupedIncidentUrl(input, item);
    const text = truncate(groupedIncidentLine(item), 180);
    return url ? markdownLink(text, url) : text;
  });
  const lead = leadIncident(group);
  return {
    title: truncate(groupTitle(group), DISCORD_LIMITS.title),
    description: linesWithin([...lines, ...(more ? [more] : [])], DISCORD_LIMITS.description),
    color: colourToInt(lead && group.firingCount > 0 ? incidentColour(lead.incident) : '#2eb886'),
    timestamp: input.now,
    fields: groupFacts(group).map((f) => ({ ...f, inline: true })),
    footer: { text: `Herald · ${input.receiver.name}` },
  };
}

export function discordMessage(input: RenderInput, config: DiscordConfig): DiscordMessage {
  const embed = input.group ? discordGroupEmbed(input, input.group) : discordEventEmbed(input);
  const roles = config.mentionRoles ?? [];
  return {
    ...(roles.length > 0 ? { content: roles.map((id) => `<@&${id}>`).join(' ') } : {}),
    ...(config.username ? { username: config.username } : {}),
    ...(config.avatarUrl ? { avatar_url: config.avatarUrl } : {}),
    embeds: fitEmbeds([embed]),
    // Alert text may say @everyone; only the configured roles may be pinged.
    allowed_mentions: { parse: [], ...(roles.length > 0 ? { roles } : {}) },
  };
}

function discordEventEmbed(input: RenderInput): DiscordEmbed {
  const { message } = input;
  const fields: DiscordField[] = incidentFacts(message).map((f) => ({ ...f, inline: true }));
  for (const fact of eventFacts(message.event)) fields.push({ ...fact, inline: false });
  const { items, moreText } = affectedItems(message);
  if (items.length > 0) {
    const value = [...items.map((i) => `• ${truncate(i, 180)}`), ...(moreText ? [moreText] : [])].join('\n');
    fields.push({ name: 'Affected items', value, inline: false });
  }
  const links = safeLinks(input, 10).map((l) => markdownLink(l.text, l.href));
  if (links.length > 0) {
    fields.push({ name: 'Links', value: linesWithin(links, DISCORD_LIMITS.fieldValue), inline: false });
  }
  const url = incidentUrl(input);
  const title = headline(message);
  const embed: DiscordEmbed = {
    title,
    // The summary is in the title unless the title had to be cut.
    ...(title.length > DISCORD_LIMITS.title ? { description: message.incident.summary } : {}),
    ...(url ? { url } : {}),
    color: colourToInt(incidentColour(message.incident)),
    timestamp: message.event.occurredAt,
    fields,
    footer: { text: `Herald · ${input.receiver.name}` },
  };
  return embed;
}

export const discordRenderer: ChannelRenderer<DiscordConfig> = {
  channel: 'discord',
  config: DiscordConfig,
  secretUrl: true,
  render(input, config): RenderedRequest {
    return jsonPost(config.url, discordMessage(input, config));
  },
};
