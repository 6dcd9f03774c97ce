import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Pool } from 'undici';
import { Topology } from '@herald/messaging';
import { TestReceiver } from '../support/receiver.js';
import { HeraldStack, NATS_URL } from '../support/stack.js';
import { sleep, waitFor } from '../support/wait.js';
import { KEY_LABEL } from './bench-receiver.js';
import { hopQuantiles, streamTimeMs, type AlertTimeline } from './hops.js';

/*
 * Where a steady alert's time goes, hop by hop. BENCH_HOPS_RATE alerts/s, one per POST, for
 * BENCH_HOPS_SECONDS, through a Herald stack to a webhook receiver; then each alert's POST start
 * is set against the time ALERTS stored it, the time INCIDENTS stored its incident's event (both
 * the server's stamps), its job's `job_created_at` and `first_attempt_at` in dispatch's
 * `deliveries`, and its arrival at the receiver. Prints one JSON line: p50 / p90 / p99 per hop.
 * All clocks are this host's.
 */
const RATE = Number(process.env.BENCH_HOPS_RATE ?? 50);
const SECONDS = Number(process.env.BENCH_HOPS_SECONDS ?? 10);
const KEY = 'bench-hops-key-0000000001';
const now = (): number => performance.timeOrigin + performance.now();

/** Alert key → when the stream stored the first message that names it (`"bench_seq":"<key>"`). */
async function storedTimes(jsm: JetStreamManager, stream: string): Promise<Map<string, number>> {
  const times = new Map<string, number>();
  const { state } = await jsm.streams.info(stream);
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq += 1) {
    const message = await jsm.streams.getMessage(stream, { seq });
    if (!message) continue;
    const at = streamTimeMs(message.timestamp);
    for (const match of message.string().matchAll(new RegExp(`"${KEY_LABEL}":"([^"]+)"`, 'g'))) if (!times.has(match[1]!)) times.set(match[1]!, at);
  }
  return times;
}

/** Incident id → alert key, from the INCIDENTS messages (each event carries its incident's labels). */
async function incidentKeys(jsm: JetStreamManager, stream: string): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  const { state } = await jsm.streams.info(stream);
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq += 1) {
    const message = await jsm.streams.getMessage(stream, { seq });
    const events = (message?.json<{ events?: Array<{ incident: { id: string; labels?: Record<string, string> } }> }>().events) ?? [];
    for (const { incident } of events) {
      const key = incident.labels?.[KEY_LABEL];
      if (key !== undefined) keys.set(incident.id, key);
    }
  }
  return keys;
}

async function main(): Promise<void> {
  const received = new Map<string, number>();
  const receiver = new TestReceiver((request) => {
    for (const match of request.body.matchAll(new RegExp(`"${KEY_LABEL}":"([^"]+)"`, 'g'))) if (!received.has(match[1]!)) received.set(match[1]!, now());
    return { status: 204 };
  });
  await receiver.start();
  const config = `
integrations:
  - id: hops
    name: Steady hops
    source: prometheus
    key: ${KEY}
    rateLimitPerMinute: 1000000
dispatch:
  receivers:
    - id: hops-webhook
      name: Steady hops receiver
      channel: webhook
      settings:
        url: ${receiver.url('/hook')}
  route:
    receiver: hops-webhook
`;
  const stack = await HeraldStack.start({ env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8', LOG_LEVEL: 'warn' }, config });
  const pool = new Pool(stack.url('ingestion'), { connections: 16 });
  const post = async (key: string): Promise<void> => {
    const alert = { labels: { alertname: 'HeraldHops', instance: key, [KEY_LABEL]: key }, annotations: { summary: `hops ${key}` }, startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString() };
    const response = await pool.request({ path: '/api/v2/alerts', method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: JSON.stringify([alert]) });
    await response.body.dump();
    if (response.statusCode !== 200) throw new Error(`ingestion answered ${response.statusCode}`);
  };
  const nc = await connect({ servers: NATS_URL, name: 'herald-bench-hops' });
  try {
    // Connections and JIT warmed, then quiet.
    for (let i = 0; i < 50; i += 1) await post(`warm-${i}`);
    await waitFor(() => received.size >= 50, 'the warm-up alerts delivered', 30_000);
    await sleep(2_000);
    const sent = new Map<string, number>();
    const posts: Array<Promise<void>> = [];
    const started = performance.now();
    for (let i = 0; i < RATE * SECONDS; i += 1) {
      const wait = started + (i * 1_000) / RATE - performance.now();
      if (wait > 0) await sleep(wait);
      const key = `hop-${i}`;
      sent.set(key, now());
      posts.push(post(key));
    }
    await Promise.all(posts);
    await waitFor(() => [...sent.keys()].every((k) => received.has(k)), 'every alert delivered', 60_000);
    const jsm = await jetstreamManager(nc);
    const topology = new Topology(stack.namespace);
    const alerts = await storedTimes(jsm, topology.stream('ALERTS'));
    const incidents = await storedTimes(jsm, topology.stream('INCIDENTS'));
    const keyOf = await incidentKeys(jsm, topology.stream('INCIDENTS'));
    const client = await stack.schemaClient('dispatch');
    const jobs = new Map<string, { routed: number; sending: number }>();
    try {
      const rows = await client.query<{ incident_id: string; created: number; attempted: number }>(
        'SELECT incident_id::text, extract(epoch FROM job_created_at) * 1000 AS created, extract(epoch FROM first_attempt_at) * 1000 AS attempted FROM deliveries',
      );
      for (const row of rows.rows) {
        const key = keyOf.get(row.incident_id);
        if (key !== undefined) jobs.set(key, { routed: Number(row.created), sending: Number(row.attempted) });
      }
    } finally {
      await client.end();
    }
    const timelines: AlertTimeline[] = [...sent].map(([key, at]) => ({
      sent: at,
      alerts: alerts.get(key),
      incidents: incidents.get(key),
      routed: jobs.get(key)?.routed,
      sending: jobs.get(key)?.sending,
      received: received.get(key),
    }));
    process.stdout.write(`${JSON.stringify({ rate: RATE, seconds: SECONDS, hops: hopQuantiles(timelines) })}\n`);
  } finally {
    await nc.close();
    await pool.close();
    await stack.stop();
    await stack.cleanup();
    await receiver.stop();
  }
}

await main();
