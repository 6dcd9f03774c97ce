import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EVENT_TYPES, hugeInput, renderInput, SIGNING } from '../shared/testing.js';
import { type RenderInput } from '../types.js';
import { SlackConfig } from './slack.config.js';
import { SLACK_LIMITS, type SlackBlock, type SlackMessage, slackRenderer } from './slack.renderer.js';

const config = SlackConfig.parse({ url: 'https://hooks.slack.com/services/T000/B000/XXXX' });

function render(input: RenderInput): { message: SlackMessage; url: string; headers: Record<string, string> } {
  const rendered = slackRenderer.render(input, config, SIGNING);
  assert.equal(rendered.kind, 'http');
  if (rendered.kind !== 'http') throw new Error('unreachable');
  return { message: JSON.parse(rendered.body) as SlackMessage, url: rendered.url, headers: rendered.headers };
}

function textsOf(block: SlackBlock): string[] {
  switch (block.type) {
    case 'section':
      return [...(block.text ? [block.text.text] : []), ...(block.fields ?? []).map((f) => f.text)];
    case 'context':
      return block.elements.map((e) => e.text);
    case 'actions':
      return block.elements.map((e) => e.text.text);
    case 'divider':
      return [];
  }
}

/** Every documented Block Kit limit, checked on a rendered message. */
function assertWithinLimits(message: SlackMessage): void {
  assert.ok(message.text.length <= SLACK_LIMITS.fallbackText);
  assert.equal(message.attachments.length, 1);
  const blocks = message.attachments[0]!.blocks;
  assert.ok(blocks.length <= SLACK_LIMITS.blocks, `${blocks.length} blocks`);
  for (const block of blocks) {
    if (block.type === 'section') {
      if (block.text) assert.ok(block.text.text.length <= SLACK_LIMITS.sectionText, 'section text');
      assert.ok((block.fields ?? []).length <= SLACK_LIMITS.sectionFields, 'field count');
      for (const field of block.fields ?? []) assert.ok(field.text.length <= SLACK_LIMITS.fieldText, 'field');
      assert.ok(block.text || block.fields, 'a section needs text or fields');
    }
    if (block.type === 'context') {
      assert.ok(block.elements.length <= SLACK_LIMITS.contextElements);
      for (const e of block.elements) assert.ok(e.text.length <= SLACK_LIMITS.contextText);
    }
    if (block.type === 'actions') {
      assert.ok(block.elements.length <= SLACK_LIMITS.actionsElements);
      const ids = block.elements.map((e) => e.action_id);
      assert.equal(new Set(ids).size, ids.length, 'action ids unique');
      for (const e of block.elements) {
        assert.ok(e.text.text.length >= 1 && e.text.text.length <= SLACK_LIMITS.buttonText, 'button text');
        assert.ok(e.url.length <= SLACK_LIMITS.buttonUrl && /^https?:\/\//.test(e.url), 'button url');
      }
    }
  }
}

describe('slack renderer', () => {
  it('posts JSON to the webhook URL', () => {
    const { url, headers } = render(renderInput('IncidentTriggered'));
    assert.equal(url, config.url);
    assert.equal(headers['content-type'], 'application/json');
    assert.equal(slackRenderer.secretUrl, true);
  });

  it('colours by severity, and green once resolved', () => {
    const cases = [
      { type: 'IncidentTriggered', severity: 'critical', colour: '#D32F2F' },
      { type: 'IncidentTriggered', severity: 'error', colour: '#F4511E' },
      { type: 'IncidentTriggered', severity: 'warning', colour: '#FFB300' },
      { type: 'IncidentAcknowledged', severity: 'info', colour: '#1E88E5' },
      { type: 'IncidentResolved', severity: 'critical', colour: '#43A047' },
    ] as const;
    for (const c of cases) {
      const { message } = render(renderInput(c.type, { incident: { severity: c.severity } }));
      assert.equal(message.attachments[0]!.color, c.colour, `${c.type}/${c.severity}`);
    }
  });

  it('shows severity, service, status and alert count as fields', () => {
    const { message } = render(renderInput('IncidentTriggered', { incident: { alertCount: 7, flapping: true } }));
    const fields = message.attachments[0]!.blocks.flatMap((b) => (b.type === 'section' ? (b.fields ?? []) : []));
    assert.deepEqual(
      fields.map((f) => f.text),
      ['*Severity*\ncritical', '*Service*\npostgres', '*Status*\ntriggered (flapping)', '*Alerts*\n7'],
    );
  });

  it('renders every event type within the limits, with what the event adds', () => {
    const expected: Record<string, string> = {
      IncidentTriggered: 'Triggered',
      AlertDeduplicated: 'Disk 97% full on db-1',
      IncidentSeverityChanged: 'warning → critical',
      IncidentAcknowledged: 'Ada Lovelace',
      IncidentResolved: 'Herald (alert resolved at source)',
      IncidentReopened: 'Reopened',
      IncidentFlapping: '6 state changes in 600s',
      IncidentStabilised: 'Stabilised',
      IncidentNoteAdded: 'Expanding the volume now.',
      IncidentEscalated: 'step 2 of policy storage-night',
    };
    for (const type of EVENT_TYPES) {
      const { message } = render(renderInput(type));
      assertWithinLimits(message);
      const all = message.attachments[0]!.blocks.flatMap(textsOf).join('\n');
      assert.ok(all.includes(expected[type]!), `${type}: ${all}`);
    }
  });

  it('lists the first 5 labels as affected items, then how many more', () => {
    const labels = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, `v${i}`]));
    const { message } = render(renderInput('IncidentTriggered', { incident: { labels } }));
    const section = message.attachments[0]!.blocks.flatMap(textsOf).find((t) => t.startsWith('*Affected items*'));
    assert.equal(section, '*Affected items*\n• k0=v0\n• k1=v1\n• k2=v2\n• k3=v3\n• k4=v4\n…and 3 more');
  });

  it('prefers a details array over labels', () => {
    const input = renderInput('IncidentTriggered', {
      data: { details: { affected: ['db-1', { name: 'db-2' }, 'db-3', 'db-4', 'db-5', 'db-6'] } },
    });
    const section = render(input)
      .message.attachments[0]!.blocks.flatMap(textsOf)
      .find((t) => t.startsWith('*Affected items*'));
    assert.equal(section, '*Affected items*\n• db-1\n• db-2\n• db-3\n• db-4\n• db-5\n…and 1 more');
  });

  it('turns Herald and incident links into buttons, dropping unsafe ones', () => {
    const input = renderInput('IncidentTriggered', {
      incident: {
        links: [
          { href: 'javascript:alert(1)', text: 'evil' },
          { href: 'https://grafana.example.com/d/disk', text: 'Dashboard' },
          { href: 'not a url' },
        ],
      },
    });
    const actions = render(input).message.attachments[0]!.blocks.find((b) => b.type === 'actions');
    assert.ok(actions && actions.type === 'actions');
    assert.deepEqual(
      actions.elements.map((e) => [e.text.text, e.url]),
      [
        ['Open in Herald', `https://herald.example.com/incidents/${input.message.incident.id}`],
        ['Dashboard', 'https://grafana.example.com/d/disk'],
      ],
    );
  });

  it('has no actions block when there are no links', () => {
    const { message } = render(renderInput('IncidentTriggered', { heraldUrl: null, incident: { links: [] } }));
    assert.equal(message.attachments[0]!.blocks.filter((b) => b.type === 'actions').length, 0);
  });

  it('escapes Slack control characters so alert text cannot ping or forge links', () => {
    const { message } = render(
      renderInput('IncidentTriggered', { incident: { summary: '<!channel> <https://evil.example|click> & co' } }),
    );
    const all = [message.text, ...message.attachments[0]!.blocks.flatMap(textsOf)].join('\n');
    assert.ok(!all.includes('<!channel>'));
    assert.ok(!all.includes('<https://evil'));
    assert.ok(all.includes('&lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; co'));
  });

  it('stays within every limit for the largest incident the contracts allow', () => {
    for (const type of ['IncidentNoteAdded', 'IncidentTriggered'] as const) {
      const { message } = render(hugeInput(type));
      assertWithinLimits(message);
      const buttons = message.attachments[0]!.blocks.find((b) => b.type === 'actions');
      assert.ok(buttons && buttons.type === 'actions' && buttons.elements.length === 5);
    }
  });

  it('passes legacy identity overrides through, and refuses unknown settings', () => {
    const custom = SlackConfig.parse({ url: config.url, username: 'Herald', iconEmoji: ':rotating_light:' });
    const body = JSON.parse(
      (slackRenderer.render(renderInput('IncidentTriggered'), custom, SIGNING) as { body: string }).body,
    ) as SlackMessage;
    assert.equal(body.username, 'Herald');
    assert.equal(body.icon_emoji, ':rotating_light:');
    const bad = [{ url: 'ftp://x' }, { url: config.url, channel: 'ops channel' }, { url: config.url, iconEmoji: 'fire' }];
    for (const raw of bad) assert.equal(SlackConfig.safeParse(raw).success, false, JSON.stringify(raw));
  });

  it('overrides the channel when one is set', () => {
    for (const channel of ['#ops-alerts', '@oncall', 'C0123ABCD']) {
      const rendered = slackRenderer.render(renderInput('IncidentTriggered'), SlackConfig.parse({ url: config.url, channel }), SIGNING) as { body: string };
      assert.equal((JSON.parse(rendered.body) as SlackMessage).channel, channel);
    }
    assert.equal('channel' in render(renderInput('IncidentTriggered')).message, false, 'the webhook\'s own channel otherwise');
  });
});

describe('slack with a bot token (chat.postMessage, threads)', () => {
  const TOKEN = 'xoxb-1234567890-abcdefghij';
  const bot = SlackConfig.parse({ token: TOKEN, channel: 'C0123ABCD' });

  it('posts to the Web API with the token as a bearer, asking the sender to read the answer', () => {
    const rendered = slackRenderer.render(renderInput('IncidentTriggered'), bot, SIGNING);
    if (rendered.kind !== 'http') throw new Error('unreachable');
    assert.equal(rendered.url, 'https://slack.com/api/chat.postMessage');
    assert.equal(rendered.headers.authorization, `Bearer ${TOKEN}`);
    assert.deepEqual(rendered.answer, { kind: 'slack-web-api', thread: true });
    const message = JSON.parse(rendered.body) as SlackMessage;
    assert.equal(message.channel, 'C0123ABCD');
    assert.equal(message.thread_ts, undefined, 'the first message starts the thread');
  });

  it('replies in the incident\'s thread once it has one', () => {
    const rendered = slackRenderer.render({ ...renderInput('IncidentResolved'), threadTs: '1700000000.000100' }, bot, SIGNING) as { body: string };
    assert.equal((JSON.parse(rendered.body) as SlackMessage).thread_ts, '1700000000.000100');
  });

  const invalid: Array<[string, unknown, string]> = [
    ['neither url nor token', { channel: '#ops' }, 'url'],
    ['both url and token', { url: 'https://hooks.slack.com/services/T/B/X', token: TOKEN }, 'url'],
    ['a token without a channel', { token: TOKEN }, 'channel'],
    ['not a bot token', { token: 'abc', channel: '#ops' }, 'token'],
  ];
  for (const [name, raw, path] of invalid) {
    it(`refuses ${name}, naming ${path}`, () => {
      const result = SlackConfig.safeParse(raw);
      assert.ok(result.error?.issues.some((i) => i.path.join('.') === path), JSON.stringify(result.error?.issues));
    });
  }
});
