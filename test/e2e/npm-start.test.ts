import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { findProcesses, readText } from '../bench/resource-monitor.js';
import { freePort, removeNamespace, ROOT, SERVICE_RUNTIME_ENV, testNamespace } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

/*
 * `npm start` as a person runs it (the script it names, on ports and a namespace of the test's
 * own): it prints the console's URL, that URL serves the console and the API document, and the
 * README's quick start works against it as pasted (only the gateway's port changes).
 */
const sh = promisify(execFile);

/** The README's quick-start commands: the alert sent with curl, and the one CLI command. */
function quickStart(gatewayPort: string): { curl: string; cli: string } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').replaceAll('127.0.0.1:8085', `127.0.0.1:${gatewayPort}`);
  const curl = /```sh\n(curl -sS -X POST http:\/\/127\.0\.0\.1:\d+\/v1\/webhooks\/demo-alertmanager[\s\S]*?)\n# /.exec(readme)?.[1];
  const cli = /```sh\n(HERALD_TOKEN=\S+ npx herald incidents list)\n/.exec(readme)?.[1];
  assert.ok(curl && cli, 'the README has the quick start’s curl and CLI commands');
  return { curl, cli };
}

/** The environment of each running service process of this namespace, by service name (from /proc). */
function serviceEnvironments(namespace: string): Map<string, Map<string, string>> {
  const found = new Map<string, Map<string, string>>();
  for (const { label, pid } of findProcesses((_pid, _stat, cmdline) => /apps\/([a-z]+)\/dist\/main\.js/.exec(cmdline())?.[1])) {
    const environ = new Map(
      (readText(`/proc/${pid}/environ`) ?? '')
        .split('\0')
        .filter((entry) => entry.includes('='))
        .map((entry): [string, string] => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
    );
    if (environ.get('HERALD_NAMESPACE') === namespace) found.set(label, environ);
  }
  return found;
}

describe('npm start', () => {
  const namespace = testNamespace();

  after(() => removeNamespace(namespace));

  it('runs the services behind the gateway, prints the console URL, which serves the console, and the README quick start works', { timeout: 420_000 }, async () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    assert.equal(scripts.start, 'node scripts/herald.mjs start');
    const ports: Record<string, string> = {};
    for (const name of ['INGESTION', 'INCIDENTS', 'DISPATCH', 'ANALYTICS', 'GATEWAY']) ports[`${name}_PORT`] = String(await freePort());
    const child = spawn(process.execPath, ['scripts/herald.mjs', 'start'], {
      cwd: ROOT,
      env: { ...process.env, ...ports, HERALD_NAMESPACE: namespace, LOG_LEVEL: 'warn', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitFor(() => /▸ console: http:\/\/\S+\//.test(output), `npm start to print the console URL\n${output.slice(-3_000)}`, 180_000, 200);
      const consoleUrl = /▸ console: (http:\/\/\S+\/)/.exec(output)![1]!;
      assert.equal(consoleUrl, `http://127.0.0.1:${ports.GATEWAY_PORT}/`);
      await waitFor(async () => (await fetch(`${consoleUrl}incidents`).catch(() => undefined))?.status === 200, `the console at ${consoleUrl}\n${output.slice(-3_000)}`, 60_000, 200);
      const page = await (await fetch(`${consoleUrl}incidents`)).text();
      assert.match(page, /<div id="app"><\/div>/, 'the console page');
      await waitFor(async () => (await fetch(`${consoleUrl}openapi.json`).catch(() => undefined))?.status === 200, 'the OpenAPI document', 60_000, 200);

      const { curl, cli } = quickStart(ports.GATEWAY_PORT!);
      const sent = await sh('sh', ['-c', curl], { cwd: ROOT });
      assert.match(sent.stdout, /"status":"accepted"/);
      // The CLI's default URL is the default gateway port; this run's port comes by HERALD_URL.
      const env = { ...process.env, HERALD_URL: consoleUrl.slice(0, -1) };
      let listed = '';
      await waitFor(async () => (listed = (await sh('sh', ['-c', cli], { cwd: ROOT, env })).stdout).includes('Disk almost full on db-1'), `the CLI to list the incident\n${listed}`, 30_000, 500);
      assert.match(listed, /triggered\s+critical/);

      // Every service runs with the shipped Node and malloc settings (deploy/service-runtime.json).
      const services = serviceEnvironments(namespace);
      assert.deepEqual([...services.keys()].sort(), ['analytics', 'dispatch', 'gateway', 'incidents', 'ingestion']);
      for (const [service, environ] of services) {
        for (const [key, value] of Object.entries(SERVICE_RUNTIME_ENV)) assert.equal(environ.get(key), value, `${service}: ${key}`);
      }
    } finally {
      child.kill('SIGINT');
      const code = await exited;
      assert.equal(code, 0, output.slice(-3_000));
    }
    assert.match(output, /all services stopped/);
  });
});
