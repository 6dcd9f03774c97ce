import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { DATABASE_URL, NATS_URL } from '../support/stack.js';
import { round } from './stats.js';

/*
 * What it costs this host to wake a process, in CPU microseconds of the process itself
 * (process.cpuUsage, user + system). Herald at a steady trickle of alerts is five processes,
 * NATS and PostgreSQL handing each alert on; every hand-off wakes an idle peer. On some
 * virtual machines a wake-up costs tens of times what the same work costs back to back, and
 * then round trips per alert, not computation, decide the CPU per alert. Prints one JSON line:
 *  - timer_wake_us: a 20 ms timer firing in an otherwise idle process;
 *  - nats_publish_idle_us / nats_publish_busy_us: a core NATS publish 20 ms after the last,
 *    and back to back;
 *  - pg_round_trip_idle_us / pg_round_trip_busy_us: `SELECT 1` 20 ms after the last, and back
 *    to back.
 */
const GAP_MS = 20;
const IDLE_SAMPLES = 200;
const BUSY_SAMPLES = 5_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU microseconds of this process per call of `step`. */
async function cpuPer(samples: number, gapMs: number, step: () => Promise<void> | void): Promise<number> {
  const started = process.cpuUsage();
  for (let i = 0; i < samples; i += 1) {
    await step();
    if (gapMs > 0) await sleep(gapMs);
  }
  const used = process.cpuUsage(started);
  return round((used.user + used.system) / samples, 1);
}

async function main(): Promise<void> {
  const timerWake = await cpuPer(IDLE_SAMPLES, GAP_MS, () => undefined);
  const nc = await connect({ servers: NATS_URL, name: 'herald-bench-wake-cost' });
  const subject = `herald_bench_wake_${process.pid}`;
  const sub = nc.subscribe(subject);
  void (async () => {
    for await (const _ of sub) void _;
  })();
  const publish = async (): Promise<void> => {
    nc.publish(subject, 'x');
    await nc.flush();
  };
  const natsIdle = await cpuPer(IDLE_SAMPLES, GAP_MS, publish);
  const natsBusy = await cpuPer(BUSY_SAMPLES, 0, publish);
  await nc.close();
  const client = new pg.Client({ connectionString: DATABASE_URL, application_name: 'herald-bench-wake-cost' });
  await client.connect();
  const roundTrip = async (): Promise<void> => {
    await client.query('SELECT 1');
  };
  const pgIdle = await cpuPer(IDLE_SAMPLES, GAP_MS, roundTrip);
  const pgBusy = await cpuPer(BUSY_SAMPLES, 0, roundTrip);
  await client.end();
  process.stdout.write(
    `${JSON.stringify({
      timer_wake_us: timerWake,
      nats_publish_idle_us: natsIdle,
      nats_publish_busy_us: natsBusy,
      pg_round_trip_idle_us: pgIdle,
      pg_round_trip_busy_us: pgBusy,
    })}\n`,
  );
}

await main();
