import { type IncidentSnapshot } from '@herald/contracts';
import { affectedItems, eventFacts, type Fact, headline, incidentFacts } from '../shared/event-titles.js';
import { jsonRequest } from '../shared/http.js';
import { safeLinks } from '../shared/links.js';
import { colourWith, type ColourSetting } from '../shared/severity.js';
import { fitBody } from '../shared/size.js';
import { truncate } from '../shared/truncate.js';
import { type ChannelRenderer, type RenderInput, type RenderedRequest } from '../types.js';
import { TeamsConfig } from './teams.config.js';
import { adaptiveCardGroupMessage, messageCardGroup } from './teams.group.js';

export const TEAMS_LIMITS = {
  /** Teams refuses webhook messages over about 28 KB. */
  bodyBytes: 28 * 1024,
  /** Adaptive Card actions Teams shows; MessageCard allows four. */
  adaptiveActions: 6,
  messageCardActions: 4,
} as const;

/** Teams renders Adaptive Cards up to 1.5; 1.4 also works on mobile and in Workflows previews. */
export const ADAPTIVE_CARD_VERSION = '1.4';
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

type ContainerStyle = 'attention' | 'warning' | 'good' | 'accent';

function styleOf(incident: IncidentSnapshot): ContainerStyle {
  if (incident.status === 'resolved') return 'good';
  switch (incident.severity) {
    case 'critical':
    case 'error':
      return 'attention';
    case 'warning':
      return 'warning';
    case 'info':
      return 'accent';
  }
}

function facts(input: RenderInput, budget: number): Fact[] {
  return [...incidentFacts(input.message), ...eventFacts(input.message.event)].map((f) => ({
    name: truncate(f.name, 200),
    value: truncate(f.value, budget),
  }));
}

function itemLines(input: RenderInput, budget: number): string[] {
  const { items, moreText } = affectedItems(input.message);
  const each = Math.max(20, Math.floor(budget / 5));
  return [...items.map((i) => truncate(i, each)), ...(moreText ? [moreText] : [])];
}

const footer = (input: RenderInput): string =>
  `Herald · ${input.receiver.name} · ${input.message.event.occurredAt}`;

/** The Workflows envelope around an Adaptive Card. */
export function adaptiveCardMessage(input: RenderInput, budget = 4000): object {
  if (input.group) return adaptiveCardGroupMessage(input, input.group, budget, ADAPTIVE_CARD_VERSION, ADAPTIVE_CARD_CONTENT_TYPE);
  const { message } = input;
  const lines = itemLines(input, budget);
  const body: object[] = [
    {
      type: 'Container',
      style: styleOf(message.incident),
      bleed: true,
      items: [{ type: 'TextBlock', text: truncate(headline(message), budget), weight: 'Bolder', size: 'Medium', wrap: true }],
    },
    { type: 'FactSet', facts: facts(input, budget).map((f) => ({ title: f.name, value: f.value })) },
  ];
  if (lines.length > 0) {
    body.push(
      { type: 'TextBlock', text: 'Affected items', weight: 'Bolder', wrap: true, spacing: 'Medium' },
      { type: 'TextBlock', text: lines.map((l) => `- ${l}`).join('\n'), wrap: true, spacing: 'Small' },
    );
  }
  body.push({ type: 'TextBlock', text: footer(input), isSubtle: true, size: 'Small', wrap: true });
  const actions = safeLinks(input, TEAMS_LIMITS.adaptiveActions).map((l) => ({
    type: 'Action.OpenUrl',
    title: truncate(l.text, 80),
    url: l.href,
  }));
  return {
    type: 'message',
    attachments: [
      {
        contentType: ADAPTIVE_CARD_CONTENT_TYPE,
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: ADAPTIVE_CARD_VERSION,
          msteams: { width: 'Full' },
          body,
          ...(actions.length > 0 ? { actions } : {}),
        },
      },
    ],
  };
}

/** The legacy Office 365 connector card. */
export function messageCard(input: RenderInput, budget = 4000, themeColor?: ColourSetting): object {
  if (input.group) return messageCardGroup(input, input.group, budget, themeColor);
  const { message } = input;
  const title = truncate(headline(message), budget);
  const lines = itemLines(input, budget);
  const sections: object[] = [
    { activityTitle: title, activitySubtitle: footer(input), facts: facts(input, budget), markdown: true },
  ];
  if (lines.length > 0) {
    sections.push({ title: 'Affected items', text: lines.map((l) => `- ${l}`).join('\n\n'), markdown: true });
  }
  const actions = safeLinks(input, TEAMS_LIMITS.messageCardActions).map((l) => ({
    '@type': 'OpenUri',
    name: truncate(l.text, 80),
    targets: [{ os: 'default', uri: l.href }],
  }));
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: truncate(title, 200),
    themeColor: colourWith(message.incident, themeColor).replace(/^#/, ''),
    title,
    sections,
    ...(actions.length > 0 ? { potentialAction: actions } : {}),
  };
}

export const teamsRenderer: ChannelRenderer<TeamsConfig> = {
  channel: 'teams',
  config: TeamsConfig,
  secretUrl: true,
  render(input, config): RenderedRequest {
    const build = config.format === 'messagecard' ? (i: RenderInput, b: number) => messageCard(i, b, config.themeColor) : adaptiveCardMessage;
    const body = fitBody((budget) => JSON.stringify(build(input, budget)), TEAMS_LIMITS.bodyBytes);
    return jsonRequest(config.url, body);
  },
};
