import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import type { CanonicalAlert, RawAlertEnvelope } from '@herald/contracts';
import { JetStreamConnection, Publisher, Topology } from '@herald/messaging';
import { deterministicUuid } from '@herald/sources';
import { alertmanagerWebhook } from '../support/alerts.js';
import { HeraldStack, NATS_URL } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

const ENVELOPES = 3_000;
const ALERTS_PER_ENVELOPE = 2;
const EXPECTED = ENVELOPES * ALERTS_PER_ENVELOPE;

/** A raw envelope as ingestion publishes it: an Alertmanager webhook with two alerts. */
function envelope(i: number): RawAlertEnvelope {
  return {
    id: randomUUID(),
    integrationId: 'crash-am',
    source: 'alertmanager',
    receivedAt: new Date().toISOString(),
    headers: {},
    body: alertmanagerWebhook(
      Array.from({ length: ALERTS_PER_ENVELOPE }, (_, n) => ({ labels: { alertname: 'Crash', seq: `${i}-${n}` }, summary: `alert ${i}/${n}` })),
    ),
  };
}

/*
 * Normalisation alone, fed raw envelopes straight into ALERTS_RAW (as ingestion would) and
 * SIGKILLed twice while it works through them: every alert reaches ALERTS once, with the id
 * derived from its envelope, and what the killed process held comes back within the ack wait.
 */
describe('normalisation: 3,000 raw alerts with the service SIGKILLed twice', () => {
  let stack: HeraldStack;
  let nats: JetStreamConnection;
  let topology: Topology;
  let publisher: Publisher;

  before(async () => {
    stack = await HeraldStack.start({
      config: 'integrations: []\n',
      services: ['normalisation'],
      // Small batches, so a SIGKILL lands with envelopes held and others still waiting.
      serviceEnv: { normalisation: { NORMALISATION_BATCH_SIZE: '8' } },
    });
    nats = await JetStreamConnection.connect({ url: NATS_URL, name: 'herald-e2e-normalisation-crash', logger: pino({ level: 'silent' }) });
    topology = new Topology(stack.namespace);
    publisher = new Publisher(nats, topology, '/herald/ingestion');
  });

  after(async () => {
    await nats?.close();
    await stack?.stop();
    await stack?.cleanup();
  });

  const messages = async (stream: 'ALERTS' | 'DLQ'): Promise<number> => {
    try {
      return (await nats.jsm.streams.info(topology.stream(stream))).state.messages;
    } catch {
      return 0;
    }
  };

  async function publish(batch: readonly RawAlertEnvelope[]): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (next < batch.length) {
          const raw = batch[next]!;
          next += 1;
          await publisher.publish('rawAlert', raw);
        }
      }),
    );
  }

  /** SIGKILLs normalisation as soon as ALERTS holds more than `beyond` alerts. */
  async function killMidStream(beyond: number): Promise<number> {
    await waitFor(async () => (await messages('ALERTS')) > beyond, `progress beyond ${beyond} alerts`, 30_000, 5);
    await stack.kill('normalisation');
    return messages('ALERTS');
  }

  it('ends with every alert on ALERTS exactly once, nothing dead-lettered, and the stall after a restart under 5 s', async (t) => {
    const envelopes = Array.from({ length: ENVELOPES }, (_, i) => envelope(i));
    const started = Date.now();
    const mark = (what: string): void => t.diagnostic(`${Date.now() - started} ms: ${what}`);

    await publish(envelopes.slice(0, 1_200));
    const atFirstKill = await killMidStream(0);
    mark(`SIGKILL with ${atFirstKill} alerts on ALERTS`);
    await publish(envelopes.slice(1_200, 2_100));
    await stack.startService('normalisation');
    mark('restarted');
    const atSecondKill = await killMidStream(atFirstKill);
    mark(`SIGKILL with ${atSecondKill} alerts on ALERTS`);
    await publish(envelopes.slice(2_100));
    // Back to the default batch size, so the time measured is the wait for what the killed process held, not throughput.
    await stack.startService('normalisation', { NORMALISATION_BATCH_SIZE: '64' });
    const restarted = Date.now();
    mark('restarted');

    assert.ok(atFirstKill < 2 * 1_200 || atSecondKill < 2 * 2_100, 'a SIGKILL landed while published envelopes were still unprocessed');

    await waitFor(async () => (await messages('ALERTS')) >= EXPECTED, 'every alert on ALERTS', 40_000, 20);
    // The stall: what the killed process held waits out the ack wait (kept short, renewed with working()), not 30 s.
    const stall = Date.now() - restarted;
    mark(`every alert on ALERTS, ${stall} ms after the restart`);
    assert.ok(stall < 5_000, `every alert on ALERTS ${stall} ms after the restart`);

    // A redelivered envelope republishes the same ids, which JetStream drops: settle, then count.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const stream = topology.stream('ALERTS');
    const { state } = await nats.jsm.streams.info(stream);
    assert.equal(state.messages, EXPECTED, 'nothing duplicated');
    const ids = new Set<string>();
    for (let seq = state.first_seq; seq <= state.last_seq; seq += 1) {
      const stored = await nats.jsm.streams.getMessage(stream, { seq });
      assert.ok(stored, `ALERTS message ${seq}`);
      const alert = stored.json<CanonicalAlert>();
      assert.equal(stored.header.get('Nats-Msg-Id'), alert.id);
      ids.add(alert.id);
    }
    const expected = envelopes.flatMap((e) => Array.from({ length: ALERTS_PER_ENVELOPE }, (_, n) => deterministicUuid(`${e.id}/${n}`)));
    assert.equal(ids.size, EXPECTED, 'no alert id twice');
    assert.ok(
      expected.every((id) => ids.has(id)),
      'nothing lost: every envelope became its alerts',
    );
    assert.equal(await messages('DLQ'), 0, 'nothing dead-lettered');
  });
});
