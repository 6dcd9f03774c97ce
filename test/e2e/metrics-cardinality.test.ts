import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { alertmanagerWebhook, postJson } from '../support/alerts.js';
import { HeraldStack, SERVICE_NAMES, type ServiceName } from '../support/stack.js';
import { TestReceiver } from '../support/receiver.js';
import { waitFor } from '../support/wait.js';

const KEY = 'cardinality-e2e-key-00000001';
const PER_WEBHOOK = 100;
const WARM_UP = 100;
const TOTAL = 10_000;
/** Every alert carries values no metric may ever show. */
const MARKER = 'cardz';
/** Deliveries cost the most; a share of the alerts is enough to exercise dispatch and analytics. */
const NOTIFY_EVERY = 20;

/** Series per metric name, from the Prometheus text format. */
function seriesByName(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const name = /^[a-zA-Z_:][\w:]*/.exec(line)?.[0];
    if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

function total(counts: ReadonlyMap<string, number>, keep: (name: string) => boolean): number {
  return [...counts].filter(([name]) => keep(name)).reduce((sum, [, n]) => sum + n, 0);
}

const isHerald = (name: string): boolean => name.startsWith('herald_');

describe('metric cardinality stays bounded with 10,000 distinct label values', () => {
  let stack: HeraldStack;
  const receiver = new TestReceiver();

  before(async () => {
    await receiver.start();
    stack = await HeraldStack.start({
      env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8' },
      config: `
integrations:
  - id: card-alertmanager
    name: Alertmanager
    source: alertmanager
    key: ${KEY}
dispatch:
  receivers:
    - id: card-webhook
      name: Cardinality webhook
      channel: webhook
      settings:
        url: ${receiver.url('/hook')}
  # Every alert is routed; one in ${NOTIFY_EVERY} (notify="yes") reaches the receiver.
  route:
    routes:
      - receiver: card-webhook
        matchers: ['notify="yes"']
`,
    });
  });

  after(async () => {
    await stack?.stop();
    await stack?.cleanup();
    await receiver.stop();
  });

  /** Alerts from..to-1, each with its own alertname, instance, pod and fingerprint: a new incident each. */
  async function send(from: number, to: number): Promise<void> {
    const bodies: unknown[] = [];
    for (let start = from; start < to; start += PER_WEBHOOK) {
      const alerts = [];
      for (let i = start; i < Math.min(to, start + PER_WEBHOOK); i += 1) {
        alerts.push({
          labels: {
            alertname: `${MARKER}Alert${i}`,
            severity: 'warning',
            instance: `${MARKER}-host-${i}:9100`,
            pod: `${MARKER}-pod-${i}`,
            notify: i % NOTIFY_EVERY === 0 ? 'yes' : 'no',
          },
          summary: `${MARKER} summary ${i}`,
          fingerprint: `${MARKER}-fp-${i}`,
        });
      }
      bodies.push(alertmanagerWebhook(alerts));
    }
    // A few webhooks at a time, as several Alertmanagers would send them.
    for (let i = 0; i < bodies.length; i += 4) {
      const answers = await Promise.all(
        bodies.slice(i, i + 4).map((body) => postJson(stack.url('ingestion', '/v1/webhooks/card-alertmanager'), body, { authorization: `Bearer ${KEY}` })),
      );
      for (const a of answers) assert.equal(a.status, 202, JSON.stringify(a.body));
    }
  }

  async function snapshot(): Promise<Map<ServiceName, string>> {
    return new Map(await Promise.all(SERVICE_NAMES.map(async (s) => [s, await stack.metrics(s)] as const)));
  }

  /**
   * Every stage has consumed everything: ALERTS holds a message per webhook (its 100 alerts
   * travel together), the relay has put n events on INCIDENTS (in runs), no consumer has work
   * left, the receiver got n / NOTIFY_EVERY.
   */
  async function settled(n: number): Promise<boolean> {
    const text = await stack.metrics('analytics');
    const value = (name: string, labels: string): number => Number(new RegExp(`^${name}\\{${labels}\\} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    if (value('herald_jetstream_stream_messages', 'stream="ALERTS"') !== Math.ceil(n / PER_WEBHOOK)) return false;
    const relayed = Number(/^herald_outbox_published_total (\S+)$/m.exec(await stack.metrics('incidents'))?.[1] ?? NaN);
    if (!(relayed >= n)) return false;
    for (const line of text.split('\n')) {
      if (/^herald_jetstream_consumer_(ack_)?pending_messages\{/.test(line) && !line.endsWith(' 0')) return false;
    }
    return (
      receiver.requests.length === n / NOTIFY_EVERY &&
      value('herald_notifications_total', 'receiver="card-webhook",channel="webhook",outcome="delivered"') === n / NOTIFY_EVERY
    );
  }

  it('has the same Herald series after 100 alerts as after 10,000, and no alert value in any label', async (t) => {
    await send(0, WARM_UP);
    await waitFor(() => settled(WARM_UP), `the pipeline to settle after ${WARM_UP} alerts`, 30_000, 250);
    // The first scrape of a service adds its own HTTP request series (route /metrics): scrape once before comparing.
    await snapshot();
    const warm = await snapshot();

    const started = Date.now();
    await send(WARM_UP, TOTAL);
    t.diagnostic(`${TOTAL - WARM_UP} alerts accepted in ${Date.now() - started} ms`);
    await waitFor(() => settled(TOTAL), `the pipeline to settle after ${TOTAL} alerts (receiver got ${receiver.requests.length})`, 150_000, 500);
    t.diagnostic(`${TOTAL - WARM_UP} alerts through the pipeline in ${Date.now() - started} ms`);
    const full = await snapshot();

    for (const service of SERVICE_NAMES) {
      const before = seriesByName(warm.get(service)!);
      const afterAll = seriesByName(full.get(service)!);
      const herald = (m: Map<string, number>) => new Map([...m].filter(([name]) => isHerald(name)));
      assert.deepEqual(herald(afterAll), herald(before), `${service}: Herald series changed between 100 and 10,000 alerts`);
      // Node's own metrics have closed label sets (GC kinds, handle types) that may appear lazily.
      const others = total(afterAll, (n) => !isHerald(n)) - total(before, (n) => !isHerald(n));
      assert.ok(others <= 20, `${service}: ${others} more process series`);
      assert.ok(!full.get(service)!.includes(MARKER), `${service}: an alert label value leaked into /metrics`);
      t.diagnostic(`${service}: ${total(afterAll, isHerald)} Herald series after ${TOTAL} alerts, ${total(before, isHerald)} after ${WARM_UP}`);
    }
  });
});
