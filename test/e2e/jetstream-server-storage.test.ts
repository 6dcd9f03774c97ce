import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { JetStreamConnection } from '@herald/messaging';
import { ToolProcess } from '../support/processes.js';
import { freePort, HeraldStack, metricValue } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

const NATS_SERVER = process.env.NATS_SERVER_BIN ?? 'nats-server';
const FILE_LIMIT = 10 * 1024 * 1024;
const MEMORY_LIMIT = 1024 * 1024;

/*
 * A NATS server of the test's own (real, with its monitoring endpoint and small JetStream
 * limits) filled to ~90 %: analytics reports its storage and its limit from /jsz, so the
 * HeraldJetStreamStorageNearLimit alert has a limit to compare with when the account has none.
 * A second, unreachable endpoint neither fails the scrape nor floods the log.
 */
describe('JetStream storage against the server limit (analytics, /jsz)', () => {
  let dir: string;
  let nats: ToolProcess;
  let client: JetStreamConnection;
  let stack: HeraldStack;
  let monitor: string;
  let unreachable: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-jsz-'));
    const [port, monitorPort, closedPort] = [await freePort(), await freePort(), await freePort()];
    writeFileSync(
      join(dir, 'nats.conf'),
      `listen: 127.0.0.1:${port}\nhttp: 127.0.0.1:${monitorPort}\njetstream { store_dir: "${join(dir, 'store')}", max_file_store: ${FILE_LIMIT}, max_memory_store: ${MEMORY_LIMIT} }\n`,
    );
    monitor = `http://127.0.0.1:${monitorPort}`;
    unreachable = `http://127.0.0.1:${closedPort}`;
    nats = await ToolProcess.start(NATS_SERVER, ['-c', join(dir, 'nats.conf')], `${monitor}/healthz`);
    client = await JetStreamConnection.connect({ url: `nats://127.0.0.1:${port}`, name: 'herald-e2e-jsz', logger: pino({ level: 'silent' }) });
    stack = await HeraldStack.start({
      services: ['analytics'],
      config: 'integrations: []\n',
      env: { ANALYTICS_NATS_MONITORING_URLS: `${monitor},${unreachable}`, LOG_LEVEL: 'info' },
    });
  });

  after(async () => {
    await stack?.stop();
    await stack?.cleanup();
    await client?.close();
    await nats?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('exports used and limit bytes per server and kind, as /jsz has them', async () => {
    const server = new URL(monitor).host;
    const file = async (): Promise<number> => metricValue(await stack.metrics('analytics'), 'herald_jetstream_server_storage_bytes', { server, storage: 'file' });
    const limits = await stack.metrics('analytics');
    assert.equal(metricValue(limits, 'herald_jetstream_server_storage_limit_bytes', { server, storage: 'file' }), FILE_LIMIT);
    assert.equal(metricValue(limits, 'herald_jetstream_server_storage_limit_bytes', { server, storage: 'memory' }), MEMORY_LIMIT);
    assert.equal(await file(), 0);

    // Fill the file store to about 90 % of the server's limit (the account has no limit of its own).
    await client.jsm.streams.add({ name: 'FILL', subjects: ['fill.>'] });
    const chunk = new Uint8Array(64 * 1024).fill(7);
    for (let i = 0; i < Math.floor((FILE_LIMIT * 0.9) / chunk.length); i += 1) await client.js.publish(`fill.${i}`, chunk);
    assert.equal((await client.jsm.getAccountInfo()).limits.max_storage, -1, 'no account limit: only the server limit applies');

    await waitFor(async () => (await file()) > FILE_LIMIT * 0.85, 'the gauge to show the file store over 85 % of its limit', 10_000, 250);
    const jsz = (await (await fetch(`${monitor}/jsz`)).json()) as { storage: number };
    assert.equal(await file(), jsz.storage);

    // The unreachable server: no series, the scrape still answered, and one warning for all these scrapes.
    const metrics = await stack.metrics('analytics');
    assert.ok(!metrics.includes(`server="${new URL(unreachable).host}"`));
    const warnings = stack.output('analytics').split('\n').filter((line) => line.includes('could not read JetStream storage'));
    assert.equal(warnings.length, 1, warnings.join('\n'));
  });
});
