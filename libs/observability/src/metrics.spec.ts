import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * An idle process, with or without a service's metrics registry: how often its main thread woke
 * in two seconds (voluntary context switches: each is a sleep in epoll ended by a timer or I/O),
 * and whether the event-loop delay metrics are there.
 */
const IDLE = `
import { readFileSync } from 'node:fs';
import { createMetricsRegistry } from ${JSON.stringify(new URL('./metrics.js', import.meta.url).href)};
const registry = process.env.WITH_REGISTRY ? createMetricsRegistry('test') : undefined;
const switches = () => Number(/voluntary_ctxt_switches:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
await new Promise((resolve) => setTimeout(resolve, 200));
const before = switches();
await new Promise((resolve) => setTimeout(resolve, 2000));
const wakes = switches() - before;
const text = registry ? await registry.metrics() : '';
console.log(JSON.stringify({ wakes, lagP99: /^nodejs_eventloop_lag_p99_seconds \\d/m.test(text) }));
`;

async function idle(withRegistry: boolean): Promise<{ wakes: number; lagP99: boolean }> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', IDLE], {
    env: { ...process.env, ...(withRegistry ? { WITH_REGISTRY: '1' } : {}) },
    timeout: 30_000,
  });
  return JSON.parse(stdout) as { wakes: number; lagP99: boolean };
}

describe('createMetricsRegistry', () => {
  it('keeps the event-loop delay metrics without waking an idle service a hundred times a second', async () => {
    const [bare, measured] = await Promise.all([idle(false), idle(true)]);
    assert.ok(measured.lagP99, 'nodejs_eventloop_lag_p99_seconds is exported');
    // prom-client's default 10 ms sampling would add about 200 wake-ups in these two seconds; every 100 ms adds about 20.
    assert.ok(measured.wakes - bare.wakes <= 60, `the registry added ${measured.wakes - bare.wakes} wake-ups in 2 s (bare process: ${bare.wakes})`);
  });
});
