import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EVENT_TYPES, hugeInput, INCIDENT_ID, renderInput, SIGNING } from '../shared/testing.js';
import { type RenderInput, type RenderedRequest } from '../types.js';
import { DiscordConfig } from './discord.config.js';
import { DISCORD_LIMITS, type DiscordEmbed, embedLength, fitEmbeds } from './discord.embeds.js';
import { type DiscordMessage, discordRenderer } from './discord.renderer.js';

const config = DiscordConfig.parse({ url: 'https://discord.com/api/webhooks/123/abc' });

function render(input: RenderInput, cfg = config): DiscordMessage {
  const request = discordRenderer.render(input, cfg, SIGNING) as RenderedRequest;
  assert.equal(request.url, cfg.url);
  return JSON.parse(request.body) as DiscordMessage;
}

/** Every documented embed limit. */
function assertWithinLimits(embeds: readonly DiscordEmbed[]): void {
  assert.ok(embeds.length <= DISCORD_LIMITS.embeds, 'embed count');
  let total = 0;
  for (const e of embeds) {
    assert.ok((e.title?.length ?? 0) <= DISCORD_LIMITS.title, 'title');
    assert.ok((e.description?.length ?? 0) <= DISCORD_LIMITS.description, 'description');
    assert.ok((e.fields?.length ?? 0) <= DISCORD_LIMITS.fields, 'field count');
    for (const f of e.fields ?? []) {
      assert.ok(f.name.length >= 1 && f.name.length <= DISCORD_LIMITS.fieldName, 'field name');
      assert.ok(f.value.length >= 1 && f.value.length <= DISCORD_LIMITS.fieldValue, 'field value');
    }
    assert.ok((e.footer?.text.length ?? 0) <= DISCORD_LIMITS.footer, 'footer');
    assert.ok((e.author?.name.length ?? 0) <= DISCORD_LIMITS.authorName, 'author');
    if (e.color !== undefined) assert.ok(Number.isInteger(e.color) && e.color >= 0 && e.color <= 0xffffff);
    total += embedLength(e);
  }
  assert.ok(total <= DISCORD_LIMITS.total, `total ${total}`);
}

describe('discord renderer', () => {
  it('renders every event type as one embed within the limits', () => {
    for (const type of EVENT_TYPES) {
      const body = render(renderInput(type));
      assert.equal(body.embeds.length, 1);
      assertWithinLimits(body.embeds);
      assert.equal(body.embeds[0]!.timestamp, '2026-03-01T12:00:00.000Z');
      assert.equal(body.embeds[0]!.url, `https://herald.example.com/incidents/${INCIDENT_ID}`);
    }
  });

  it('uses decimal colours', () => {
    const cases = [
      { severity: 'critical', status: 'triggered', color: 0xd32f2f },
      { severity: 'info', status: 'acknowledged', color: 0x1e88e5 },
      { severity: 'critical', status: 'resolved', color: 0x43a047 },
    ] as const;
    for (const c of cases) {
      const body = render(renderInput('IncidentTriggered', { incident: { severity: c.severity, status: c.status } }));
      assert.equal(body.embeds[0]!.color, c.color);
    }
  });

  it('shows facts, event details, affected items and links as fields', () => {
    const body = render(renderInput('IncidentSeverityChanged'));
    const fields = body.embeds[0]!.fields!;
    assert.deepEqual(
      fields.map((f) => f.name),
      ['Severity', 'Service', 'Status', 'Alerts', 'Severity change', 'Affected items', 'Links'],
    );
    assert.equal(fields.find((f) => f.name === 'Severity change')!.value, 'warning → critical');
    assert.equal(
      fields.find((f) => f.name === 'Links')!.value,
      `[Open in Herald](https://herald.example.com/incidents/${INCIDENT_ID})\n[Dashboard](https://grafana.example.com/d/disk)`,
    );
  });

  it('never lets alert text ping anyone, and pings only configured roles', () => {
    const plain = render(renderInput('IncidentTriggered', { incident: { summary: '@everyone <@&1> disk' } }));
    assert.deepEqual(plain.allowed_mentions, { parse: [] });
    assert.equal(plain.content, undefined);
    const roles = DiscordConfig.parse({ url: config.url, mentionRoles: ['123456789012345678'] });
    const pinged = render(renderInput('IncidentTriggered'), roles);
    assert.equal(pinged.content, '<@&123456789012345678>');
    assert.deepEqual(pinged.allowed_mentions, { parse: [], roles: ['123456789012345678'] });
  });

  it('escapes link labels and URLs so they cannot break out of the markdown link', () => {
    const body = render(
      renderInput('IncidentTriggered', {
        heraldUrl: null,
        incident: { links: [{ href: 'https://x.example/a_(b)', text: 'see [here]' }] },
      }),
    );
    const links = body.embeds[0]!.fields!.find((f) => f.name === 'Links')!.value;
    assert.equal(links, '[see \\[here\\]](https://x.example/a_%28b%29)');
  });

  it('enforces every limit on the largest incident, keeping the summary in the title', () => {
    for (const type of ['IncidentNoteAdded', 'IncidentTriggered'] as const) {
      const body = render(hugeInput(type));
      assertWithinLimits(body.embeds);
      assert.ok(body.embeds[0]!.title!.endsWith('…'));
      assert.ok(body.embeds[0]!.description!.length > 0);
    }
  });

  it('refuses usernames Discord refuses', () => {
    for (const username of ['', 'x'.repeat(81), 'Discord bot', 'clyde']) {
      assert.equal(DiscordConfig.safeParse({ url: config.url, username }).success, false, username);
    }
    assert.equal(DiscordConfig.safeParse({ url: config.url, username: 'Herald' }).success, true);
  });
});

describe('fitEmbeds', () => {
  const field = (n: number, len: number) => ({ name: `f${n}`, value: 'v'.repeat(len) });
  const cases: { name: string; embeds: DiscordEmbed[] }[] = [
    {
      name: 'one of everything too long',
      embeds: [
        {
          title: 't'.repeat(300),
          description: 'd'.repeat(5000),
          footer: { text: 'f'.repeat(3000) },
          author: { name: 'a'.repeat(300) },
          fields: Array.from({ length: 40 }, (_, i) => field(i, 2000)),
        },
      ],
    },
    { name: 'eleven small embeds', embeds: Array.from({ length: 11 }, (_, i) => ({ title: `e${i}` })) },
    {
      name: 'ten embeds whose total is too long',
      embeds: Array.from({ length: 10 }, () => ({
        title: 't'.repeat(256),
        description: 'd'.repeat(4096),
        fields: [field(0, 1024)],
      })),
    },
    { name: 'empty field values', embeds: [{ fields: [{ name: '', value: '   ' }] }] },
  ];
  for (const c of cases) {
    it(`keeps within the limits: ${c.name}`, () => {
      const fitted = fitEmbeds(c.embeds);
      assertWithinLimits(fitted);
      assert.ok(fitted.length >= 1);
    });
  }

  it('leaves embeds within the limits untouched', () => {
    const embeds: DiscordEmbed[] = [{ title: 'a', description: 'b', fields: [field(0, 10)], footer: { text: 'c' } }];
    assert.deepEqual(fitEmbeds(embeds), embeds);
  });

  it('shortens the description before dropping fields', () => {
    const fitted = fitEmbeds([{ description: 'd'.repeat(4096), fields: Array.from({ length: 3 }, (_, i) => field(i, 1024)) }]);
    assert.equal(fitted[0]!.fields!.length, 3);
    assert.equal(embedLength(fitted[0]!), DISCORD_LIMITS.total);
  });
});
