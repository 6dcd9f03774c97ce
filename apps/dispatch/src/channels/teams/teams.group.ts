import { type NotificationGroup } from '@herald/contracts';
import { groupedIncidentLine, groupedIncidentUrl, groupFacts, groupTitle, leadIncident, listedIncidents } from '../shared/group-text.js';
import { colourWith, type ColourSetting } from '../shared/severity.js';
import { truncate } from '../shared/truncate.js';
import { type RenderInput } from '../types.js';

const MAX_LINES = 20;

function lines(input: RenderInput, group: NotificationGroup, budget: number): string[] {
  const { items, more } = listedIncidents(group, MAX_LINES);
  const each = Math.max(40, Math.floor(budget / MAX_LINES));
  return [
    ...items.map((item) => {
      const text = truncate(groupedIncidentLine(item), each).replace(/[[\]]/g, '');
      const url = groupedIncidentUrl(input, item);
      return url ? `[${text}](${url})` : text;
    }),
    ...(more ? [more] : []),
  ];
}

/** A group notification as an Adaptive Card in the Workflows envelope. */
export function adaptiveCardGroupMessage(input: RenderInput, group: NotificationGroup, budget: number, version: string, contentType: string): object {
  const lead = leadIncident(group);
  const style = group.firingCount === 0 ? 'good' : lead?.incident.severity === 'warning' ? 'warning' : lead?.incident.severity === 'info' ? 'accent' : 'attention';
  return {
    type: 'message',
    attachments: [
      {
        contentType,
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version,
          msteams: { width: 'Full' },
          body: [
            { type: 'Container', style, bleed: true, items: [{ type: 'TextBlock', text: truncate(groupTitle(group), budget), weight: 'Bolder', size: 'Medium', wrap: true }] },
            { type: 'FactSet', facts: groupFacts(group).map((f) => ({ title: f.name, value: f.value })) },
            { type: 'TextBlock', text: lines(input, group, budget).map((l) => `- ${l}`).join('\n'), wrap: true },
            { type: 'TextBlock', text: `Herald · ${input.receiver.name} · ${input.now}`, isSubtle: true, size: 'Small', wrap: true },
          ],
        },
      },
    ],
  };
}

/** A group notification as a legacy Office 365 connector card. */
export function messageCardGroup(input: RenderInput, group: NotificationGroup, budget: number, themeColor?: ColourSetting): object {
  const title = truncate(groupTitle(group), budget);
  const lead = leadIncident(group);
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: truncate(title, 200),
    themeColor: (lead ? colourWith(lead.incident, themeColor) : '#2eb886').replace(/^#/, ''),
    title,
    sections: [
      { activityTitle: title, activitySubtitle: `Herald · ${input.receiver.name} · ${input.now}`, facts: groupFacts(group), markdown: true },
      { title: 'Incidents', text: lines(input, group, budget).map((l) => `- ${l}`).join('\n\n'), markdown: true },
    ],
  };
}
