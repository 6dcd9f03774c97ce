import { type NotificationGroup } from '@herald/contracts';
import { escapeSlack } from '../shared/escape.js';
import { groupedIncidentLine, groupedIncidentUrl, groupFacts, groupTitle, leadIncident, listedIncidents } from '../shared/group-text.js';
import { incidentColour } from '../shared/severity.js';
import { fitEscaped } from '../shared/truncate.js';
import { type RenderInput } from '../types.js';
import { type SlackConfig } from './slack.config.js';
import { SLACK_LIMITS, type SlackBlock, type SlackMessage } from './slack.renderer.js';

const MAX_LINES = 20;

/** A group notification: its title, counts and reason, then one line per incident (linked to Herald when its URL is known). */
export function slackGroupMessage(input: RenderInput, group: NotificationGroup, config: SlackConfig): SlackMessage {
  const title = groupTitle(group);
  const { items, more } = listedIncidents(group, MAX_LINES);
  const room = Math.floor((SLACK_LIMITS.sectionText - 40) / MAX_LINES);
  const lines = items.map((item) => {
    const url = groupedIncidentUrl(input, item);
    const text = fitEscaped(groupedIncidentLine(item), room - (url ? url.length + 4 : 0), escapeSlack);
    return `• ${url ? `<${url}|${text}>` : text}`;
  });
  const blocks: SlackBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${fitEscaped(title, SLACK_LIMITS.sectionText - 2, escapeSlack)}*` } },
    { type: 'section', fields: groupFacts(group).map((f) => ({ type: 'mrkdwn', text: `*${f.name}*\n${escapeSlack(f.value)}` })) },
    ...(lines.length > 0 ? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: [...lines, ...(more ? [more] : [])].join('\n') } }] : []),
    { type: 'context', elements: [{ type: 'mrkdwn', text: fitEscaped(`Herald · ${input.receiver.name} · ${input.now}`, SLACK_LIMITS.contextText, escapeSlack) }] },
  ];
  const lead = leadIncident(group);
  const fallback = fitEscaped(title, SLACK_LIMITS.fallbackText, escapeSlack);
  return {
    text: fallback,
    attachments: [{ color: lead ? incidentColour(lead.incident) : '#2eb886', fallback, blocks }],
    ...(config.channel ? { channel: config.channel } : {}),
    ...(config.username ? { username: config.username } : {}),
    ...(config.iconEmoji ? { icon_emoji: config.iconEmoji } : {}),
    ...(config.iconUrl ? { icon_url: config.iconUrl } : {}),
  };
}
