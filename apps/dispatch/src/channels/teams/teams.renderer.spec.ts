import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EVENT_TYPES, hugeInput, INCIDENT_ID, renderInput, SIGNING } from '../shared/testing.js';
import { utf8Length } from '../shared/truncate.js';
import { type RenderInput, type RenderedRequest } from '../types.js';
import { TeamsConfig } from './teams.config.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, TEAMS_LIMITS, teamsRenderer } from './teams.renderer.js';

const URL = 'https://prod-01.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=s3cret';
const adaptive = TeamsConfig.parse({ url: URL });
const legacy = TeamsConfig.parse({ url: URL, format: 'messagecard' });

interface CardElement {
  type: string;
  text?: string;
  style?: string;
  items?: CardElement[];
  facts?: { title: string; value: string }[];
}
interface AdaptiveEnvelope {
  type: string;
  attachments: {
    contentType: string;
    contentUrl: null;
    content: {
      $schema: string;
      type: string;
      version: string;
      body: CardElement[];
      actions?: { type: string; title: string; url: string }[];
    };
  }[];
}
interface MessageCard {
  '@type': string;
  '@context': string;
  summary: string;
  themeColor: string;
  title: string;
  sections: { activityTitle?: string; title?: string; text?: string; facts?: { name: string; value: string }[] }[];
  potentialAction?: { '@type': string; name: string; targets: { os: string; uri: string }[] }[];
}

function render<T>(input: RenderInput, cfg: TeamsConfig): { request: RenderedRequest; body: T } {
  const request = teamsRenderer.render(input, cfg, SIGNING) as RenderedRequest;
  return { request, body: JSON.parse(request.body) as T };
}

const ELEMENT_TYPES = new Set(['Container', 'TextBlock', 'FactSet']);

function assertAdaptiveShape(envelope: AdaptiveEnvelope): void {
  assert.equal(envelope.type, 'message');
  assert.equal(envelope.attachments.length, 1);
  const [attachment] = envelope.attachments;
  assert.equal(attachment!.contentType, ADAPTIVE_CARD_CONTENT_TYPE);
  assert.equal(attachment!.contentUrl, null);
  const card = attachment!.content;
  assert.equal(card.type, 'AdaptiveCard');
  assert.equal(card.$schema, 'http://adaptivecards.io/schemas/adaptive-card.json');
  assert.match(card.version, /^1\.[0-5]$/);
  const walk = (elements: CardElement[]) => {
    for (const el of elements) {
      assert.ok(ELEMENT_TYPES.has(el.type), el.type);
      if (el.type === 'TextBlock') assert.equal(typeof el.text, 'string');
      if (el.type === 'FactSet') for (const f of el.facts!) assert.ok(typeof f.title === 'string' && typeof f.value === 'string');
      if (el.items) walk(el.items);
    }
  };
  walk(card.body);
  for (const a of card.actions ?? []) {
    assert.equal(a.type, 'Action.OpenUrl');
    assert.match(a.url, /^https?:\/\//);
  }
  assert.ok((card.actions ?? []).length <= TEAMS_LIMITS.adaptiveActions);
}

describe('teams renderer (Adaptive Card for Workflows)', () => {
  it('wraps an Adaptive Card in the Workflows message envelope for every event type', () => {
    for (const type of EVENT_TYPES) {
      const { request, body } = render<AdaptiveEnvelope>(renderInput(type), adaptive);
      assert.equal(request.url, URL);
      assertAdaptiveShape(body);
    }
    assert.equal(teamsRenderer.secretUrl, true);
  });

  it('styles the header by severity and status', () => {
    const cases = [
      { severity: 'critical', status: 'triggered', style: 'attention' },
      { severity: 'error', status: 'acknowledged', style: 'attention' },
      { severity: 'warning', status: 'triggered', style: 'warning' },
      { severity: 'info', status: 'triggered', style: 'accent' },
      { severity: 'critical', status: 'resolved', style: 'good' },
    ] as const;
    for (const c of cases) {
      const { body } = render<AdaptiveEnvelope>(
        renderInput('IncidentTriggered', { incident: { severity: c.severity, status: c.status } }),
        adaptive,
      );
      assert.equal(body.attachments[0]!.content.body[0]!.style, c.style);
    }
  });

  it('shows the headline, facts and links', () => {
    const { body } = render<AdaptiveEnvelope>(renderInput('IncidentAcknowledged'), adaptive);
    const card = body.attachments[0]!.content;
    assert.equal(card.body[0]!.items![0]!.text, '[CRITICAL] Acknowledged: Disk almost full on db-1');
    assert.deepEqual(card.body[1]!.facts, [
      { title: 'Severity', value: 'critical' },
      { title: 'Service', value: 'postgres' },
      { title: 'Status', value: 'acknowledged' },
      { title: 'Alerts', value: '3' },
      { title: 'Acknowledged by', value: 'Ada Lovelace' },
    ]);
    assert.deepEqual(card.actions?.map((a) => a.url), [
      `https://herald.example.com/incidents/${INCIDENT_ID}`,
      'https://grafana.example.com/d/disk',
    ]);
  });

  it('stays under the Teams message size with the largest incident', () => {
    for (const cfg of [adaptive, legacy]) {
      const { request } = render<unknown>(hugeInput(), cfg);
      assert.ok(utf8Length(request.body) <= TEAMS_LIMITS.bodyBytes, `${cfg.format}: ${utf8Length(request.body)}`);
    }
    const { body } = render<AdaptiveEnvelope>(hugeInput(), adaptive);
    assertAdaptiveShape(body);
  });
});

describe('teams renderer (legacy MessageCard)', () => {
  it('renders a MessageCard with theme colour, facts and at most four actions', () => {
    for (const type of EVENT_TYPES) {
      const { body } = render<MessageCard>(renderInput(type), legacy);
      assert.equal(body['@type'], 'MessageCard');
      assert.equal(body['@context'], 'https://schema.org/extensions');
      assert.match(body.themeColor, /^[0-9A-F]{6}$/);
      assert.ok(body.summary.length > 0, 'Teams requires summary or text');
      assert.ok((body.potentialAction ?? []).length <= TEAMS_LIMITS.messageCardActions);
    }
    const { body } = render<MessageCard>(renderInput('IncidentResolved'), legacy);
    assert.equal(body.themeColor, '43A047');
    assert.deepEqual(body.sections[0]!.facts!.at(-1), { name: 'Resolved by', value: 'Herald (alert resolved at source)' });
    assert.deepEqual(body.potentialAction![0], {
      '@type': 'OpenUri',
      name: 'Open in Herald',
      targets: [{ os: 'default', uri: `https://herald.example.com/incidents/${INCIDENT_ID}` }],
    });
  });

  it('takes the receiver\'s own theme colour: one for all, or per severity and resolved, Herald\'s where unset', () => {
    const cases: Array<[unknown, Parameters<typeof renderInput>, string]> = [
      ['#6264a7', ['IncidentTriggered'], '6264A7'],
      ['6264A7', ['IncidentResolved'], '6264A7'],
      [{ critical: '#8B0000' }, ['IncidentTriggered'], '8B0000'],
      [{ critical: '#8B0000' }, ['IncidentTriggered', { incident: { severity: 'warning' } }], 'FFB300'],
      [{ resolved: '00FF00' }, ['IncidentResolved'], '00FF00'],
    ];
    for (const [themeColor, input, expected] of cases) {
      const { body } = render<MessageCard>(renderInput(...input), TeamsConfig.parse({ url: URL, format: 'messagecard', themeColor }));
      assert.equal(body.themeColor, expected, JSON.stringify(themeColor));
    }
    assert.match(JSON.stringify(TeamsConfig.safeParse({ url: URL, themeColor: '#6264A7' }).error?.issues), /themeColor.*messagecard/);
    assert.equal(TeamsConfig.safeParse({ url: URL, format: 'messagecard', themeColor: 'purple' }).success, false);
  });

  it('caps actions at four even with many links', () => {
    const { body } = render<MessageCard>(hugeInput(), legacy);
    assert.equal(body.potentialAction!.length, 4);
  });

  it('defaults to adaptive and refuses unknown formats', () => {
    assert.equal(TeamsConfig.parse({ url: URL }).format, 'adaptive');
    assert.equal(TeamsConfig.safeParse({ url: URL, format: 'html' }).success, false);
  });
});
