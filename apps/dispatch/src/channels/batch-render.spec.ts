import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BATCH_CHANNELS, RenderError, renderDelivery, renderDeliveryBatch, type RenderedRequest, type RenderInput } from './index.js';
import { renderInput, SIGNING, snapshot } from './shared/testing.js';

/** Two events for two different incidents (so their documents and payloads differ). */
const inputs: RenderInput[] = [
  renderInput('IncidentTriggered'),
  renderInput('IncidentResolved', { incident: snapshot({ id: '7a0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b', status: 'resolved' }) }),
];

const single = (channel: 'webhook' | 'splunk' | 'elasticsearch' | 'datadog', settings: unknown, input: RenderInput): RenderedRequest => {
  const rendered = renderDelivery(channel, input, settings, SIGNING);
  if (rendered.kind !== 'http') throw new Error(`${channel} rendered ${rendered.kind}`);
  return rendered;
};

describe('batch rendering: several events as one request', () => {
  it('webhook, Splunk, Elasticsearch and Datadog receivers can batch; the channels that take one event per request cannot', () => {
    assert.deepEqual([...BATCH_CHANNELS].sort(), ['datadog', 'elasticsearch', 'splunk', 'webhook']);
    assert.throws(() => renderDeliveryBatch('pagerduty', inputs, { routingKey: 'R0123456789abcdef0123456789abcdef' }, SIGNING), RenderError);
  });

  const cases: Array<{ channel: 'webhook' | 'splunk' | 'elasticsearch' | 'datadog'; settings: Record<string, unknown>; check: (batch: RenderedRequest, singles: RenderedRequest[]) => void }> = [
    {
      channel: 'webhook',
      settings: { url: 'https://hooks.example.com/in' },
      check: (batch, singles) => {
        assert.equal(batch.url, 'https://hooks.example.com/in');
        assert.deepEqual(JSON.parse(batch.body), singles.map((s) => JSON.parse(s.body) as unknown), 'a JSON array of the single bodies');
        assert.equal(batch.headers['webhook-id'], SIGNING.messageId);
      },
    },
    {
      channel: 'splunk',
      settings: { url: 'https://splunk.example.com:8088', token: 'hec-token' },
      check: (batch, singles) => {
        assert.equal(batch.url, singles[0]!.url);
        assert.equal(batch.headers.authorization, 'Splunk hec-token');
        assert.deepEqual(batch.body.split('\n'), singles.map((s) => s.body), 'one HEC event per line');
      },
    },
    {
      channel: 'elasticsearch',
      settings: { url: 'https://es.example.com:9200', index: 'alerts', pipeline: 'herald', apiKey: 'k' },
      check: (batch, singles) => {
        assert.equal(batch.url, 'https://es.example.com:9200/_bulk?pipeline=herald');
        assert.equal(batch.headers['content-type'], 'application/x-ndjson');
        assert.equal(batch.headers.authorization, 'ApiKey k');
        const lines = batch.body.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
        assert.equal(lines.length, 4, 'an action line and a document per event');
        singles.forEach((s, i) => {
          // The id one event at a time would have used: a batch sent again overwrites.
          const id = decodeURIComponent(new URL(s.url).pathname.split('/').at(-1)!);
          assert.deepEqual(lines[2 * i], { index: { _index: 'alerts', _id: id } });
          assert.deepEqual(lines[2 * i + 1], JSON.parse(s.body));
        });
        assert.ok(batch.body.endsWith('\n'), '_bulk wants a final newline');
      },
    },
    {
      channel: 'datadog',
      settings: { apiKey: '0123456789abcdef0123456789abcdef', site: 'datadoghq.eu', tags: ['team:db'] },
      check: (batch, singles) => {
        // The Events API takes one event per request: a batch goes to the Logs intake.
        assert.equal(batch.url, 'https://http-intake.logs.datadoghq.eu/api/v2/logs');
        assert.equal(batch.headers['dd-api-key'], '0123456789abcdef0123456789abcdef');
        const entries = JSON.parse(batch.body) as Array<{ ddsource: string; ddtags: string; message: string; status: string; text: string }>;
        assert.equal(entries.length, 2);
        singles.forEach((s, i) => {
          const event = JSON.parse(s.body) as { title: string; text: string; tags: string[] };
          assert.equal(entries[i]!.ddsource, 'herald');
          assert.equal(entries[i]!.message, event.title);
          assert.equal(entries[i]!.text, event.text);
          assert.equal(entries[i]!.ddtags, event.tags.join(','));
        });
        assert.deepEqual(
          entries.map((e) => e.status),
          ['error', 'ok'],
        );
      },
    },
  ];
  for (const c of cases) {
    it(`${c.channel}: the batch carries what single requests would have, in the channel's batch format`, () => {
      const batch = renderDeliveryBatch(c.channel, inputs, c.settings, SIGNING);
      c.check(
        batch,
        inputs.map((input) => single(c.channel, c.settings, input)),
      );
    });
  }
});
