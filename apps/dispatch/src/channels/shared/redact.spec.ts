import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHANNELS } from '@herald/contracts';
import { CHANNEL_RENDERERS, renderDelivery } from '../index.js';
import { formatSecret } from '../signing/standard-webhooks.js';
import { REDACTED, redactForLog } from './redact.js';
import { renderInput, SIGNING } from './testing.js';

const SECRET = 'S3CRETVALUE0123456789abcdefABCDE';
const WHSEC = formatSecret(Buffer.from(SECRET));

/** Settings where every credential contains SECRET. */
const CONFIGS: Record<(typeof CHANNELS)[number], Record<string, unknown>> = {
  webhook: {
    url: 'https://hooks.example.com/h',
    auth: { type: 'api-key', header: 'X-Custom-Key', value: SECRET },
    signing: { secrets: [WHSEC], legacySecret: SECRET },
  },
  slack: { url: `https://hooks.slack.com/services/T/B/${SECRET}` },
  pagerduty: { routingKey: SECRET.slice(0, 32) },
  discord: { url: `https://discord.com/api/webhooks/1/${SECRET}` },
  teams: { url: `https://example.logic.azure.com/workflows/1?sig=${SECRET}` },
  email: { to: ['a@example.com'], from: 'herald@example.com', smtp: { host: 'mail.example.com', username: 'herald', password: SECRET } },
  splunk: { url: 'https://splunk:8088', token: SECRET },
  datadog: { apiKey: SECRET.slice(0, 32) },
  elasticsearch: { url: 'http://es:9200', auth: { type: 'basic', username: 'elastic', password: SECRET } },
};

describe('redactForLog', () => {
  it('leaves no credential of any channel in what is logged', () => {
    for (const channel of CHANNELS) {
      const rendered = renderDelivery(channel, renderInput('IncidentTriggered'), CONFIGS[channel], SIGNING);
      const safe = redactForLog(channel, rendered, {
        secretUrl: CHANNEL_RENDERERS[channel].secretUrl,
        extraSecretHeaders: channel === 'webhook' ? ['X-Custom-Key'] : [],
      });
      const logged = JSON.stringify(safe);
      for (const secret of [SECRET.slice(0, 20), Buffer.from(`elastic:${SECRET}`).toString('base64').slice(0, 20)]) {
        assert.ok(!logged.includes(secret), `${channel}: ${logged.slice(0, 300)}`);
      }
    }
  });

  it('keeps what is useful for debugging', () => {
    const rendered = renderDelivery('pagerduty', renderInput('IncidentTriggered'), CONFIGS.pagerduty, SIGNING);
    const safe = redactForLog('pagerduty', rendered, { secretUrl: false });
    assert.ok(safe.kind === 'http');
    assert.equal(safe.url, 'https://events.pagerduty.com/v2/enqueue');
    const body = JSON.parse(safe.body) as { routing_key: string; event_action: string };
    assert.deepEqual([body.routing_key, body.event_action], [REDACTED, 'trigger']);
    const slack = redactForLog('slack', renderDelivery('slack', renderInput('IncidentTriggered'), CONFIGS.slack, SIGNING), {
      secretUrl: true,
    });
    assert.ok(slack.kind === 'http' && slack.url === `https://hooks.slack.com/${REDACTED}`);
  });
});
