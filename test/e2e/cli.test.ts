import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { alertmanagerIntegrationYaml, alertmanagerWebhook, postJson } from '../support/alerts.js';
import { commandLines, snippetOf } from '../support/docs.js';
import { TestReceiver } from '../support/receiver.js';
import { HeraldStack, ROOT } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

/* The `herald` CLI, as built (node_modules/.bin/herald), against the running services through the gateway. */
const ADMIN = 'e2e-cli-admin-token-000001';
const ANA = 'e2e-cli-ana-responder-0001';
const KEY = 'e2e-cli-am-key-00000000001';
const BIN = join(ROOT, 'node_modules', '.bin', 'herald');
const exec = promisify(execFile);

describe('the herald CLI', () => {
  let stack: HeraldStack;
  let dir = '';
  let incident = '';
  const receiver = new TestReceiver();

  const herald = async (args: string[], token = ADMIN): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await exec(BIN, args, { env: { ...process.env, HERALD_URL: stack.url('gateway'), HERALD_TOKEN: token }, timeout: 20_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  };
  const json = async <T>(args: string[], token?: string): Promise<T> => {
    const result = await herald([...args, '--json'], token);
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as T;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-cli-'));
    await receiver.start();
    stack = await HeraldStack.start({
      services: ['ingestion', 'incidents', 'dispatch', 'gateway'],
      env: { HERALD_ADMIN_TOKEN: ADMIN, HERALD_TOKENS: `ana:responder:${ANA}`, DISPATCH_ALLOW_CIDRS: '127.0.0.0/8' },
      config: alertmanagerIntegrationYaml('cli-am', KEY),
    });
    // Through the API, not herald.yaml: the operating guide's lines pause and resume `ops`.
    const admin = { authorization: `Bearer ${ADMIN}` };
    const ops = await postJson(stack.url('gateway', '/v1/receivers'), { id: 'ops', name: 'Ops webhook', channel: 'webhook', settings: { url: receiver.url('/hook') } }, admin);
    assert.equal(ops.status, 201, JSON.stringify(ops.body));
    const route = await fetch(stack.url('gateway', '/v1/routes'), { method: 'PUT', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ receiver: 'ops' }) });
    assert.equal(route.status, 200, await route.text());
    const sent = await postJson(stack.url('gateway', '/v1/webhooks/cli-am'), alertmanagerWebhook([{ labels: { alertname: 'DiskFull', severity: 'critical', instance: 'db-1' }, summary: 'Disk full on db-1' }]), {
      authorization: `Bearer ${KEY}`,
    });
    assert.equal(sent.status, 202);
    await waitFor(() => receiver.requests.length > 0, 'the first notification');
  });

  after(async () => {
    await stack?.stop();
    await stack?.cleanup();
    await receiver.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('incidents list / show, as a table and as JSON', async () => {
    const listed = await herald(['incidents', 'list']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^ID\s+STATUS\s+SEVERITY/);
    assert.match(listed.stdout, /triggered\s+critical.*Disk full on db-1/);
    const items = await json<Array<{ id: string }>>(['incidents', 'list', '--severity', 'critical']);
    incident = items[0]!.id;
    const shown = await herald(['incidents', 'show', incident]);
    assert.match(shown.stdout, /labels\s+.*alertname=DiskFull/);
    assert.match(shown.stdout, /IncidentTriggered/);
  });

  it('incidents ack / note / resolve, recorded under the token’s name', async () => {
    assert.match((await herald(['incidents', 'ack', incident], ANA)).stdout, /is acknowledged/);
    assert.match((await herald(['incidents', 'note', incident, 'swapping', 'the', 'disk'], ANA)).stdout, /note added/);
    const needsName = await herald(['incidents', 'resolve', incident]);
    assert.equal(needsName.code, 1);
    assert.match(needsName.stderr, /400: .*\n\s+by: is required with the shared admin token/);
    assert.match((await herald(['incidents', 'resolve', incident, '--by', 'night shift'])).stdout, /is resolved/);
    const detail = await json<{ timeline: Array<{ type: string; data: { by?: { name: string }; author?: string } }> }>(['incidents', 'show', incident]);
    assert.deepEqual(
      detail.timeline.filter((e) => e.type !== 'IncidentTriggered').map((e) => [e.type, e.data.by?.name ?? e.data.author]),
      [
        ['IncidentAcknowledged', 'ana'],
        ['IncidentNoteAdded', 'ana'],
        ['IncidentResolved', 'night shift'],
      ],
    );
  });

  it('silences add / list / expire', async () => {
    const added = await herald(['silences', 'add', 'alertname="CpuHigh"', 'instance=~"web-.*"', '--comment', 'deploy', '--duration', '30m', '--author', 'ana']);
    assert.equal(added.code, 0, added.stderr);
    const id = added.stdout.trim();
    const listed = await herald(['silences', 'list']);
    assert.match(listed.stdout, new RegExp(`${id}\\s+active.*alertname="CpuHigh", instance=~"web-\\.\\*"\\s+deploy`));
    assert.match((await herald(['silences', 'expire', id])).stdout, /expired/);
    assert.doesNotMatch((await herald(['silences', 'list'])).stdout, new RegExp(id));
    assert.deepEqual((await json<Array<{ id: string; state: string }>>(['silences', 'list', '--expired'])).map((s) => [s.id, s.state]), [[id, 'expired']]);
    const bad = await herald(['silences', 'add', 'alertname=~"("', '--comment', 'x']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /matchers\.0: .*regular expression/);
  });

  it('receivers list / test / pause / resume, deliveries list / replay', async () => {
    assert.match((await herald(['receivers', 'list'])).stdout, /ops\s+webhook\s+active\s+closed/);
    const before = receiver.requests.length;
    assert.match((await herald(['receivers', 'test', 'ops'])).stdout, /test delivered \(HTTP 200\)/);
    assert.equal(receiver.requests.length, before + 1);
    const created = await postJson(stack.url('gateway', '/v1/receivers'), { id: 'spare', name: 'Spare', channel: 'webhook', settings: { url: receiver.url('/spare') } }, { authorization: `Bearer ${ADMIN}` });
    assert.equal(created.status, 201);
    assert.match((await herald(['receivers', 'pause', 'spare'])).stdout, /spare paused/);
    assert.match((await herald(['receivers', 'list'])).stdout, /spare\s+webhook\s+paused/);
    assert.match((await herald(['receivers', 'resume', 'spare'])).stdout, /spare resumed/);
    const deliveries = await json<Array<{ jobId: string; status: string }>>(['deliveries', 'list', '--receiver', 'ops']);
    const delivered = deliveries.find((d) => d.status === 'delivered')!;
    assert.ok(delivered, JSON.stringify(deliveries));
    assert.match((await herald(['deliveries', 'replay', delivered.jobId])).stdout, /replayed as .*replay-1/);
  });

  it('routes test: labels in, receivers out', async () => {
    assert.equal((await herald(['routes', 'test', 'alertname=DiskFull', 'severity=critical'])).stdout.trim(), 'ops');
    const bad = await herald(['routes', 'test', 'oops']);
    assert.match(bad.stderr, /"oops" is not a label/);
  });

  it('runs the operating guide’s lines as written, one after the other', async () => {
    const sent = await postJson(stack.url('gateway', '/v1/webhooks/cli-am'), alertmanagerWebhook([{ labels: { alertname: 'GuideExample', severity: 'critical' }, summary: 'guide example' }]), {
      authorization: `Bearer ${KEY}`,
    });
    assert.equal(sent.status, 202);
    let example = '';
    await waitFor(async () => (example = (await json<Array<{ id: string; summary: string }>>(['incidents', 'list'])).find((i) => i.summary === 'guide example')?.id ?? '') !== '', 'the example incident');
    writeFileSync(join(dir, 'herald.yaml'), alertmanagerIntegrationYaml('cli-am', KEY));
    const lines = commandLines(snippetOf('docs/operating.md', 'herald-cli'));
    assert.match(lines[0]!, /^export HERALD_TOKEN=\S+$/);
    let silence = '';
    let job = '';
    for (const line of lines.slice(1)) {
      assert.match(line, /^npx herald /, line);
      if (line.startsWith('npx herald deliveries replay')) {
        job = (await json<Array<{ jobId: string; status: string }>>(['deliveries', 'list', '--receiver', 'ops'])).find((d) => d.status === 'delivered')?.jobId ?? '';
        assert.ok(job, 'a delivery to replay');
      }
      const id = line.startsWith('npx herald silences') ? silence : example;
      const command = line.replace(/^npx herald /, `${BIN} `).replace('<id>', id).replace('<job>', job);
      // The guide's token line is the local one; here the test's admin token stands in for it.
      const done = await exec('sh', ['-c', command], { cwd: dir, env: { ...process.env, HERALD_URL: stack.url('gateway'), HERALD_TOKEN: ADMIN }, timeout: 20_000 }).catch(
        (error: { stderr?: string }) => {
          throw new Error(`${line}: ${error.stderr ?? 'failed'}`);
        },
      );
      if (line.startsWith('npx herald silences add')) silence = done.stdout.trim();
    }
    assert.match(silence, /^[0-9a-f-]{36}$/);
    const detail = await json<{ incident: { status: string }; timeline: Array<{ type: string }> }>(['incidents', 'show', example]);
    assert.equal(detail.incident.status, 'resolved');
    assert.deepEqual(detail.timeline.map((e) => e.type).slice(1), ['IncidentAcknowledged', 'IncidentNoteAdded', 'IncidentResolved']);
    assert.deepEqual((await json<Array<{ id: string; state: string }>>(['silences', 'list', '--expired'])).find((s) => s.id === silence)?.state, 'expired');
    assert.ok((await json<Array<{ jobId: string }>>(['deliveries', 'list', '--receiver', 'ops'])).some((d) => d.jobId.startsWith(`${job}.replay-`)), 'the replay');
    assert.ok(JSON.parse(readFileSync(join(dir, 'herald.schema.json'), 'utf8')), 'config schema wrote the JSON Schema');
  });

  it('config check validates herald.yaml offline with line numbers, and config schema prints its JSON Schema', async () => {
    const good = join(dir, 'good.yaml');
    writeFileSync(good, 'dispatch:\n  receivers:\n    - id: ops\n      name: Ops\n      channel: webhook\n      settings: { url: "https://hooks.example.com/x" }\n  route:\n    receiver: ops\n');
    const ok = await herald(['config', 'check', good], '');
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /valid/);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'dispatch:\n  receivers:\n    - id: ops\n      name: Ops\n      channel: carrier-pigeon\n      settings: {}\n');
    const refused = await herald(['config', 'check', bad], '');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5: dispatch\\.receivers\\.0\\.channel: `));
    const schema = JSON.parse((await herald(['config', 'schema'], '')).stdout) as { properties: Record<string, unknown> };
    assert.deepEqual(Object.keys(schema.properties).sort(), ['dispatch', 'integrations']);
  });
});
