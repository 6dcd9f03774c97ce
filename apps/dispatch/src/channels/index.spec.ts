import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHANNELS } from '@herald/contracts';
import { CHANNEL_RENDERERS, oauth2Of, parseChannelConfig, renderDelivery } from './index.js';
import { EVENT_TYPES, hugeInput, renderInput, SIGNING } from './shared/testing.js';
import { formatSecret } from './signing/standard-webhooks.js';

/** The smallest valid settings for each channel. */
const MINIMAL: Record<(typeof CHANNELS)[number], Record<string, unknown>> = {
  webhook: { url: 'https://hooks.example.com/h', signing: { secrets: [formatSecret(new Uint8Array(32).fill(5))] } },
  slack: { url: 'https://hooks.slack.com/services/T/B/X' },
  pagerduty: { routingKey: 'R0123456789abcdefABCDEF012345678' },
  discord: { url: 'https://discord.com/api/webhooks/1/x' },
  teams: { url: 'https://example.logic.azure.com/workflows/1' },
  email: { to: ['a@example.com'], from: 'herald@example.com' },
  splunk: { url: 'https://splunk:8088', token: 'tok' },
  datadog: { apiKey: '0123456789abcdef0123456789abcdef' },
  elasticsearch: { url: 'http://es:9200' },
};

describe('channel registry', () => {
  it('has one renderer per contract channel, under its own name', () => {
    assert.deepEqual(Object.keys(CHANNEL_RENDERERS).sort(), [...CHANNELS].sort());
    for (const channel of CHANNELS) assert.equal(CHANNEL_RENDERERS[channel].channel, channel);
  });

  it('renders with the settings object it is given: parsed once per object, so new settings (a new snapshot) apply at once', () => {
    const input = renderInput('IncidentTriggered');
    const first = { url: 'https://hooks.example.com/first' };
    const url = (settings: unknown): string => {
      const rendered = renderDelivery('webhook', input, settings, SIGNING);
      return rendered.kind === 'http' ? rendered.url : '';
    };
    assert.equal(url(first), 'https://hooks.example.com/first');
    assert.equal(url(first), 'https://hooks.example.com/first', 'the same object again');
    assert.equal(url({ url: 'https://hooks.example.com/second' }), 'https://hooks.example.com/second', 'a new object is parsed afresh');
    assert.throws(() => renderDelivery('webhook', input, { url: 'not a url' }, SIGNING), /Invalid webhook settings/);
    assert.throws(() => renderDelivery('pagerduty', input, first, SIGNING), /Invalid pagerduty settings/, 'the same object for another channel is checked for that channel');
  });

  it('flags the channels whose URL is a credential', () => {
    const secret = CHANNELS.filter((c) => CHANNEL_RENDERERS[c].secretUrl).sort();
    assert.deepEqual(secret, ['discord', 'slack', 'teams']);
  });

  it('renders every event type, and the largest incident, on every channel', () => {
    for (const channel of CHANNELS) {
      for (const input of [...EVENT_TYPES.map((t) => renderInput(t)), hugeInput(), renderInput('IncidentTriggered', { heraldUrl: null })]) {
        const rendered = renderDelivery(channel, input, MINIMAL[channel], SIGNING);
        if (rendered.kind === 'http') {
          assert.equal(rendered.method, 'POST');
          assert.doesNotThrow(() => JSON.parse(rendered.body), channel);
          assert.equal(rendered.headers['content-type'], 'application/json');
          for (const name of Object.keys(rendered.headers)) assert.equal(name, name.toLowerCase());
          for (const value of Object.values(rendered.headers)) assert.ok(!/[\r\n]/.test(value));
        } else {
          assert.equal(channel, 'email');
          assert.ok(rendered.to.length > 0 && rendered.subject && rendered.html && rendered.text);
        }
      }
    }
  });

  it('is pure: the same input renders the same bytes', () => {
    for (const channel of CHANNELS) {
      const a = renderDelivery(channel, renderInput('IncidentTriggered'), MINIMAL[channel], SIGNING);
      const b = renderDelivery(channel, renderInput('IncidentTriggered'), MINIMAL[channel], SIGNING);
      assert.deepEqual(a, b, channel);
    }
  });

  it('reports invalid settings by path, without their values, as a non-recoverable error', () => {
    const check = parseChannelConfig('pagerduty', { routingKey: 'SECRET-bad-key' });
    assert.equal(check.ok, false);
    assert.ok(!check.ok && check.problems.length === 1 && check.problems[0]!.startsWith('routingKey: '));
    assert.throws(
      () => renderDelivery('datadog', renderInput('IncidentTriggered'), { apiKey: 'SECRET-bad-key' }, SIGNING),
      (error: unknown) =>
        error instanceof Error &&
        (error as { code?: string }).code === 'CONFIG_INVALID' &&
        (error as { recoverable?: boolean }).recoverable === false &&
        !error.message.includes('SECRET'),
    );
  });

  it('tells the sender when it must add an OAuth2 token', () => {
    const oauth = { type: 'oauth2', tokenUrl: 'https://idp.example.com/token', clientId: 'c', clientSecret: 's' };
    assert.equal(oauth2Of({ url: 'https://x.example', auth: oauth })?.clientId, 'c');
    assert.equal(oauth2Of({ url: 'https://x.example', auth: { type: 'bearer', token: 't' } }), undefined);
    assert.equal(oauth2Of(null), undefined);
    const rendered = renderDelivery('webhook', renderInput('IncidentTriggered'), { url: 'https://x.example', auth: oauth }, SIGNING);
    assert.ok(rendered.kind === 'http' && rendered.headers.authorization === undefined);
  });
});
