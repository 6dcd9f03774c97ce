import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { alertmanagerBinary } from './alertmanager.js';

/*
 * `npm run bench` at toy sizes, so a change that breaks the benchmark (or makes Herald lose
 * or repeat a notification) is caught by `npm test`. The figures are not checked: at these
 * sizes on a shared machine they mean nothing.
 */
const BENCH = fileURLToPath(new URL('bench.js', import.meta.url));
const SMOKE_ENV = { BENCH_SIZES: '200', BENCH_STEADY_RATE: '20', BENCH_STEADY_SECONDS: '1', BENCH_STAGES: 'none', BENCH_SETTLE_SECONDS: '1', BENCH_STALL_SECONDS: '60', BENCH_GROUPED: '200/4', BENCH_GROUP_WAIT_SECONDS: '2', BENCH_REPEAT: '2' };

interface BenchJson {
  results: Array<{ system: string; scenario: string; alerts: number; delivered: number; lost: number; duplicated: number; groups?: { notified_once: number } | null }>;
  verdicts: Array<{ status: string }>;
  failures: string[];
  herald_cpu_seconds_while_peer_ran?: number;
}

function runBench(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--enable-source-maps', BENCH], { env: { ...process.env, ...SMOKE_ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run bench, smoke-sized', () => {
  it('delivers every alert exactly once on each side and reports both', { timeout: 180_000 }, async () => {
    const { code, stdout, stderr } = await runBench();
    assert.equal(code, 0, `bench exited ${code}:\n${stderr.slice(-3_000)}`);
    assert.match(stdout, /scenario \/ measure\s+Alertmanager\s+Herald\s+Herald÷AM/);
    assert.match(stdout, /Issue 10 acceptance/);
    const line = stdout.split('\n').find((l) => l.startsWith('{'));
    assert.ok(line, 'one JSON line');
    const json = JSON.parse(line) as BenchJson;
    const systems = alertmanagerBinary() === undefined ? ['herald'] : ['alertmanager', 'herald'];
    // Scenario by scenario, the systems back to back (Herald stopped while Alertmanager runs).
    const expected = [
      { scenario: 'burst-200', alerts: 200, delivered: 200, lost: 0, duplicated: 0 },
      // The acceptance burst's second round (BENCH_REPEAT=2): the largest burst up to 10k.
      { scenario: 'burst-200-r2', alerts: 200, delivered: 200, lost: 0, duplicated: 0 },
      { scenario: 'steady', alerts: 20, delivered: 20, lost: 0, duplicated: 0 },
      { scenario: 'grouped', alerts: 200, delivered: 200, lost: 0, duplicated: 0 },
    ].flatMap((scenario) => systems.map((system) => ({ system, ...scenario })));
    assert.deepEqual(
      json.results.map(({ system, scenario, alerts, delivered, lost, duplicated }) => ({ system, scenario, alerts, delivered, lost, duplicated })),
      expected,
    );
    assert.deepEqual(json.failures, []);
    // Herald's services are stopped while Alertmanager runs: they cannot have used a tick of CPU.
    if (systems.length === 2) assert.equal(json.herald_cpu_seconds_while_peer_ran, 0);
    for (const r of json.results.filter((r) => r.scenario === 'grouped')) assert.equal(r.groups?.notified_once, 4, `${r.system}: each group notified once`);
    assert.equal(json.verdicts.length, 5);
  });
});
