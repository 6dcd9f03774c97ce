import { affectedItems, eventFacts, type Fact, headline, incidentFacts } from '../shared/event-titles.js';
import { escapeSlack } from '../shared/escape.js';
import { joinUrl, jsonPost } from '../shared/http.js';
import { safeLinks } from '../shared/links.js';
import { incidentColour } from '../shared/severity.js';
import { fitEscaped, truncate } from '../shared/truncate.js';
import { type ChannelRenderer, type RenderInput, type RenderedRequest } from '../types.js';
import { SlackConfig } from './slack.config.js';
import { slackGroupMessage } from './slack.group.js';

/** Block Kit limits (api.slack.com/reference/block-kit). */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 2000,
  actionsElements: 25,
  buttonText: 75,
  buttonUrl: 3000,
  /** Top-level `text` is the notification and fallback; Slack truncates past 40 000. */
  fallbackText: 3000,
} as const;

const MAX_BUTTONS = 5;
const MAX_ITEMS = 5;

type TextObject = { type: 'mrkdwn' | 'plain_text'; text: string; emoji?: boolean };
export type SlackBlock =
  | { type: 'section'; text?: TextObject; fields?: TextObject[] }
  | { type: 'context'; elements: TextObject[] }
  | { type: 'divider' }
  | {
      type: 'actions';
      elements: { type: 'button'; text: TextObject; url: string; action_id: string }[];
    };

export interface SlackMessage {
  text: string;
  attachments: { color: string; fallback: string; blocks: SlackBlock[] }[];
  channel?: string;
  thread_ts?: string;
  username?: string;
  icon_emoji?: string;
  icon_url?: string;
}

const mrkdwn = (text: string): TextObject => ({ type: 'mrkdwn', text });

/** `*Name*\nvalue`, escaped and cut to `max`. */
function labelled(fact: Fact, max: number): string {
  const head = `*${escapeSlack(truncate(fact.name, 200))}*\n`;
  return head + fitEscaped(fact.value, max - head.length, escapeSlack);
}

function itemsText(input: RenderInput): string | undefined {
  const { items, moreText } = affectedItems(input.message, MAX_ITEMS);
  if (items.length === 0) return undefined;
  const head = '*Affected items*';
  const room = Math.floor((SLACK_LIMITS.sectionText - head.length - moreText.length - 20) / MAX_ITEMS) - 3;
  const lines = items.map((item) => `• ${fitEscaped(item, room, escapeSlack)}`);
  return [head, ...lines, ...(moreText ? [moreText] : [])].join('\n');
}

export function slackMessage(input: RenderInput, config: SlackConfig): SlackMessage {
  if (input.group) return slackGroupMessage(input, input.group, config);
  const { message } = input;
  const title = headline(message);
  const blocks: SlackBlock[] = [
    { type: 'section', text: mrkdwn(`*${fitEscaped(title, SLACK_LIMITS.sectionText - 2, escapeSlack)}*`) },
    {
      type: 'section',
      fields: incidentFacts(message)
        .slice(0, SLACK_LIMITS.sectionFields)
        .map((fact) => mrkdwn(labelled(fact, SLACK_LIMITS.fieldText))),
    },
  ];
  for (const fact of eventFacts(message.event)) {
    blocks.push({ type: 'section', text: mrkdwn(labelled(fact, SLACK_LIMITS.sectionText)) });
  }
  const items = itemsText(input);
  if (items) blocks.push({ type: 'section', text: mrkdwn(items) });
  const links = safeLinks(input, Math.min(MAX_BUTTONS, SLACK_LIMITS.actionsElements));
  if (links.length > 0) {
    blocks.push({
      type: 'actions',
      elements: links.map((link, i) => ({
        type: 'button',
        text: { type: 'plain_text', text: truncate(link.text, SLACK_LIMITS.buttonText), emoji: true },
        url: link.href,
        action_id: `herald-link-${i}`,
      })),
    });
  }
  const footer = `Herald · ${input.receiver.name} · ${message.event.occurredAt}`;
  blocks.push({ type: 'context', elements: [mrkdwn(fitEscaped(footer, SLACK_LIMITS.contextText, escapeSlack))] });

  const fallback = fitEscaped(title, SLACK_LIMITS.fallbackText, escapeSlack);
  return {
    text: fallback,
    attachments: [{ color: incidentColour(message.incident), fallback, blocks: blocks.slice(0, SLACK_LIMITS.blocks) }],
    ...(config.channel ? { channel: config.channel } : {}),
    ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
    ...(config.username ? { username: config.username } : {}),
    ...(config.iconEmoji ? { icon_emoji: config.iconEmoji } : {}),
    ...(config.iconUrl ? { icon_url: config.iconUrl } : {}),
  };
}

export const slackRenderer: ChannelRenderer<SlackConfig> = {
  channel: 'slack',
  config: SlackConfig,
  secretUrl: true,
  render(input, config): RenderedRequest {
    if (config.token === undefined) return jsonPost(config.url ?? '', slackMessage(input, config));
    // A bot token: the Web API, whose answer (ok, ts) the sender reads to keep the thread.
    const request = jsonPost(joinUrl(config.apiUrl, 'chat.postMessage'), slackMessage(input, config), { authorization: `Bearer ${config.token}` });
    return { ...request, answer: { kind: 'slack-web-api', thread: config.threads } };
  },
};
