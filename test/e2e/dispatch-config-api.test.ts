import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { HeraldStack } from '../support/stack.js';
import { TestReceiver } from '../support/receiver.js';

const TOKEN = 'e2e-admin-token-0123456789';
const SLACK_URL = 'https://hooks.slack.com/services/T0001/B0001/file-managed-secret';
const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const BEARER = 'receiver-bearer-secret-42';
const MASK = '********';

interface Reply {
  status: number;
  text: string;
  body: Record<string, unknown>;
}

describe('dispatch configuration API over HTTP', () => {
  let stack: HeraldStack;
  const target = new TestReceiver();

  const call = async (method: string, path: string, body?: unknown, token: string | null = TOKEN): Promise<Reply> => {
    const response = await fetch(stack.url('dispatch', path), {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, text, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };

  before(async () => {
    await target.start();
    stack = await HeraldStack.start({
      services: ['dispatch'],
      env: { HERALD_ADMIN_TOKEN: TOKEN, DISPATCH_ALLOW_CIDRS: '127.0.0.0/8' },
      config: `
dispatch:
  receivers:
    - id: ops-slack
      name: Ops Slack
      channel: slack
      settings: { url: "${SLACK_URL}" }
  route:
    receiver: ops-slack
`,
    });
  });

  after(async () => {
    await stack?.stop();
    await stack?.cleanup();
    await target.stop();
  });

  it('refuses every management route without the admin token', async () => {
    for (const [method, path] of [
      ['GET', '/v1/receivers'],
      ['POST', '/v1/receivers'],
      ['GET', '/v1/routes'],
      ['GET', '/v1/silences'],
      ['GET', '/v1/inhibit-rules'],
      ['GET', '/v1/maintenance-windows'],
      ['GET', '/v1/deliveries'],
    ] as const) {
      assert.equal((await call(method, path, method === 'POST' ? {} : undefined, null)).status, 401, `${method} ${path}`);
      assert.equal((await call(method, path, method === 'POST' ? {} : undefined, 'wrong-token-wrong-token')).status, 401, `${method} ${path}`);
    }
  });

  it('creates a receiver and never returns its secrets, in any answer', async () => {
    const created = await call('POST', '/v1/receivers', {
      id: 'ops-hook',
      name: 'Ops webhook',
      channel: 'webhook',
      settings: { url: target.url('/hook'), auth: { type: 'bearer', token: BEARER }, signing: { secrets: [WHSEC] } },
    });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(created.body.secretFields, ['settings.auth.token', 'settings.signing.secrets.0']);
    const answers = [created, await call('GET', '/v1/receivers'), await call('GET', '/v1/receivers/ops-hook'), await call('GET', '/v1/receivers/ops-slack')];
    for (const answer of answers) {
      assert.equal(answer.status, answer === created ? 201 : 200);
      for (const secret of [BEARER, WHSEC, SLACK_URL, 'file-managed-secret']) assert.equal(answer.text.includes(secret), false, `${secret} in ${answer.text}`);
    }
    assert.equal((answers[3]!.body.settings as { url: string }).url, MASK);
  });

  it('a PUT that sends the masks back keeps the secrets: the test notification is still signed with the original one', async () => {
    const shown = await call('GET', '/v1/receivers/ops-hook');
    const put = await call('PUT', '/v1/receivers/ops-hook', { name: 'Ops webhook (renamed)', channel: 'webhook', settings: shown.body.settings });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.body.name, 'Ops webhook (renamed)');
    const tested = await call('POST', '/v1/receivers/ops-hook/test');
    assert.equal(tested.status, 200, tested.text);
    assert.equal(tested.body.outcome, 'delivered');
    assert.equal(tested.body.statusCode, 200);
    const request = target.requests.at(-1)!;
    assert.equal(request.headers.authorization, `Bearer ${BEARER}`);
    const verified = new Webhook(WHSEC).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    }) as { incident: { summary: string } };
    assert.match(verified.incident.summary, /Herald test notification/);
  });

  it('the test reports a failing receiver with its status', async () => {
    target.respondWith(() => ({ status: 503 }));
    try {
      const tested = await call('POST', '/v1/receivers/ops-hook/test');
      assert.equal(tested.status, 200);
      assert.deepEqual([tested.body.outcome, tested.body.statusCode, tested.body.statusClass], ['failed', 503, '5xx']);
    } finally {
      target.respondWith(() => ({ status: 200 }));
    }
  });

  it('pause and resume', async () => {
    assert.equal((await call('POST', '/v1/receivers/ops-hook/pause')).body.paused, true);
    assert.equal((await call('GET', '/v1/receivers/ops-hook')).body.enabled, false);
    assert.equal((await call('POST', '/v1/receivers/ops-hook/resume')).body.paused, false);
  });

  it('file-managed objects are read-only: 409 with a message saying to change the file', async () => {
    const attempts = [
      await call('PUT', '/v1/receivers/ops-slack', { name: 'x', channel: 'slack', settings: { url: MASK } }),
      await call('PATCH', '/v1/receivers/ops-slack', { name: 'x' }),
      await call('POST', '/v1/receivers/ops-slack/pause'),
      await call('DELETE', '/v1/receivers/ops-slack'),
      await call('PUT', '/v1/routes', { receiver: 'ops-hook' }),
      await call('DELETE', '/v1/routes'),
    ];
    for (const a of attempts) {
      assert.equal(a.status, 409, a.text);
      assert.equal(a.body.error, 'FILE_MANAGED');
      assert.match(String(a.body.message), /configuration file/);
    }
    const slack = await call('GET', '/v1/receivers/ops-slack');
    assert.deepEqual([slack.body.name, slack.body.enabled, slack.body.revision], ['Ops Slack', true, 1]);
    assert.deepEqual((await call('GET', '/v1/routes')).body.tree, { receiver: 'ops-slack' });
  });

  it('bad input: 400 naming the field, nothing stored', async () => {
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/v1/receivers', { id: 'bad', name: 'Bad', channel: 'pagerduty', settings: { routingKey: 'short' } }, 'settings.routingKey'],
      ['POST', '/v1/receivers', { id: 'bad', name: 'Bad', channel: 'webhook', settings: { url: 'not a url' } }, 'settings.url'],
      ['POST', '/v1/receivers', { id: 'bad', name: 'Bad', channel: 'fax', settings: {} }, 'channel'],
      ['PATCH', '/v1/receivers/ops-hook', { settings: { url: 'ftp://example.com' } }, 'settings.url'],
      ['POST', '/v1/receivers', { id: 'bad', name: 'Bad', channel: 'slack', settings: { url: 'https://hooks.slack.com/x' }, retry: { maxAttempts: 50 } }, 'retry.maxAttempts'],
      ['POST', '/v1/silences', { matchers: ['team=~"("'], startsAt: '2026-01-01T00:00:00Z', endsAt: '2027-01-01T00:00:00Z', author: 'a', comment: 'c' }, 'matchers.0'],
      ['POST', '/v1/silences', { matchers: ['team="db"'], startsAt: 'yesterday', endsAt: '2027-01-01T00:00:00Z', author: 'a', comment: 'c' }, 'startsAt'],
      ['POST', '/v1/inhibit-rules', { sourceMatchers: ['a="b"'], targetMatchers: ['c="d"'], equal: 'cluster' }, 'equal'],
      ['POST', '/v1/maintenance-windows', { startsAt: '2026-01-01T00:00:00Z' }, 'endsAt'],
      ['GET', '/v1/deliveries?status=lost', undefined, 'status'],
    ];
    for (const [method, path, body, field] of cases) {
      const answer = await call(method, path, body);
      assert.equal(answer.status, 400, `${method} ${path}: ${answer.text}`);
      assert.equal(answer.body.error, 'INVALID');
      assert.ok((answer.body.errors as Array<{ path: string }>).some((e) => e.path === field), `${field} in ${answer.text}`);
    }
    assert.equal((await call('GET', '/v1/receivers/bad')).status, 404);
    assert.deepEqual((await call('GET', '/v1/silences')).body.items, []);
  });

  it('silences, inhibition rules and maintenance windows: create, show, replace, list, delete', async () => {
    const silence = await call('POST', '/v1/silences', { matchers: ['service="db"'], startsAt: '2020-01-01T00:00:00Z', endsAt: '2099-01-01T00:00:00Z', author: 'ana', comment: 'upgrade' });
    assert.equal(silence.status, 201, silence.text);
    const id = String(silence.body.id);
    assert.equal(silence.body.state, 'active');
    assert.equal((await call('GET', `/v1/silences?state=active`)).body.items instanceof Array, true);
    const replaced = await call('PUT', `/v1/silences/${id}`, { matchers: ['service="db"'], startsAt: '2020-01-01T00:00:00Z', endsAt: '2020-02-01T00:00:00Z', author: 'ana', comment: 'over' });
    assert.equal(replaced.body.state, 'expired');
    assert.deepEqual(((await call('GET', '/v1/silences?state=active')).body.items as unknown[]).length, 0);
    assert.equal((await call('DELETE', `/v1/silences/${id}`)).status, 204);
    assert.equal((await call('GET', `/v1/silences/${id}`)).status, 404);

    const rule = await call('POST', '/v1/inhibit-rules', { id: 'cluster', sourceMatchers: ['alertname="ClusterDown"'], targetMatchers: ['severity="warning"'], equal: ['cluster'] });
    assert.equal(rule.status, 201, rule.text);
    assert.equal((await call('POST', '/v1/inhibit-rules', { id: 'cluster', sourceMatchers: ['a="b"'], targetMatchers: ['c="d"'] })).status, 409);
    const window = await call('POST', '/v1/maintenance-windows', { id: 'weekend', startsAt: '2026-01-01T00:00:00Z', recurrence: { days: ['sat', 'sun'], startTime: '00:00', endTime: '24:00' } });
    assert.equal(window.status, 201, window.text);
    assert.equal((await call('GET', '/v1/maintenance-windows')).body.items instanceof Array, true);
    assert.equal((await call('DELETE', '/v1/inhibit-rules/cluster')).status, 204);
    assert.equal((await call('DELETE', '/v1/maintenance-windows/weekend')).status, 204);
    assert.equal((await call('DELETE', '/v1/maintenance-windows/weekend')).status, 404);
  });

  it('deliveries: 404 for an unknown job, empty list', async () => {
    assert.equal((await call('GET', '/v1/deliveries/nope.nobody')).status, 404);
    assert.equal((await call('POST', '/v1/deliveries/nope.nobody/replay')).status, 404);
    const list = await call('GET', '/v1/deliveries?receiver=ops-hook&limit=10');
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.body.items, []);
    assert.equal((await call('POST', '/v1/receivers/nobody/deliveries/retry')).status, 404);
  });
});
