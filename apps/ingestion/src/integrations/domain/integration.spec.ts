import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreateIntegrationRequest, defaultSignatureScheme, type Integration, integrationView, resolveSigning, UpdateIntegrationRequest } from './integration.js';

const integration: Integration = {
  id: 'prod-github',
  name: 'GitHub Actions',
  source: 'github',
  keyHash: 'a'.repeat(64),
  enabled: true,
  signing: { scheme: 'github', secret: 'the-signing-secret-0123' },
  rateLimitPerMinute: 120,
  severityMap: { failure: 'critical' },
  dedupScope: 'integration',
  managedBy: 'api',
  heartbeat: null,
  createdAt: new Date('2024-05-01T12:00:00Z'),
  updatedAt: new Date('2024-05-01T12:00:00Z'),
};

describe('integrations', () => {
  it('never shows the key hash or the signing secret', () => {
    const view = integrationView(integration);
    const text = JSON.stringify(view);
    assert.ok(!text.includes(integration.keyHash));
    assert.ok(!text.includes('the-signing-secret-0123'));
    assert.deepEqual(view.signing, { scheme: 'github' });
    assert.deepEqual(view.endpoints, ['/v1/webhooks/prod-github']);
  });

  it('defaults the dedup scope to the integration; global is an opt-in', () => {
    assert.equal(CreateIntegrationRequest.parse({ name: 'n', source: 'generic' }).dedupScope, 'integration');
    assert.equal(CreateIntegrationRequest.parse({ name: 'n', source: 'generic', dedupScope: 'global' }).dedupScope, 'global');
    assert.equal(CreateIntegrationRequest.safeParse({ name: 'n', source: 'generic', dedupScope: 'everyone' }).success, false);
    assert.equal(integrationView({ ...integration, dedupScope: 'global' }).dedupScope, 'global');
  });

  it('lists the compatible endpoints of Prometheus and PagerDuty integrations', () => {
    assert.deepEqual(integrationView({ ...integration, id: 'p', source: 'prometheus' }).endpoints, ['/v1/webhooks/p', '/api/v2/alerts']);
    assert.deepEqual(integrationView({ ...integration, id: 'pd', source: 'pagerduty' }).endpoints, ['/v1/webhooks/pd', '/v2/enqueue']);
  });

  it("signs each tool's own way unless told otherwise", () => {
    assert.equal(defaultSignatureScheme('github'), 'github');
    assert.equal(defaultSignatureScheme('sentry'), 'sentry');
    assert.equal(defaultSignatureScheme('grafana'), 'grafana');
    assert.equal(defaultSignatureScheme('stet'), 'stet');
    assert.equal(defaultSignatureScheme('bitbucket'), 'bitbucket');
    assert.equal(defaultSignatureScheme('alertmanager'), 'standard-webhooks');
    assert.deepEqual(resolveSigning('sentry', { secret: 's' }), { scheme: 'sentry', secret: 's' });
    assert.deepEqual(resolveSigning('sentry', { scheme: 'standard-webhooks', secret: 's' }), { scheme: 'standard-webhooks', secret: 's' });
    assert.equal(resolveSigning('sentry', null), null);
  });

  it('fills creation defaults', () => {
    assert.deepEqual(CreateIntegrationRequest.parse({ name: 'Prod', source: 'alertmanager' }), {
      name: 'Prod',
      source: 'alertmanager',
      enabled: true,
      rateLimitPerMinute: 120,
      dedupScope: 'integration',
    });
  });

  it('names every bad field of a creation or an update, unknown ones included', () => {
    const cases: Array<[unknown, string[]]> = [
      [{}, ['name', 'source']],
      [{ name: ' ', source: 'nagios' }, ['name', 'source']],
      [{ name: 'x', source: 'generic', id: 'Bad_Id' }, ['id']],
      [{ name: 'x', source: 'generic', key: 'mine' }, ['']],
      [{ name: 'x', source: 'generic', rateLimitPerMinute: 0 }, ['rateLimitPerMinute']],
      [{ name: 'x', source: 'generic', signing: { secret: 'short' } }, ['signing.secret']],
      [{ name: 'x', source: 'generic', severityMap: { p1: 'urgent' } }, ['severityMap.p1']],
      [{ name: 'x', source: 'heartbeat' }, ['heartbeat']],
      [{ name: 'x', source: 'heartbeat', heartbeat: {} }, ['heartbeat.intervalSeconds']],
      [{ name: 'x', source: 'heartbeat', heartbeat: { intervalSeconds: 0 } }, ['heartbeat.intervalSeconds']],
      [{ name: 'x', source: 'heartbeat', heartbeat: { intervalSeconds: 1.5 } }, ['heartbeat.intervalSeconds']],
      [{ name: 'x', source: 'heartbeat', heartbeat: { intervalSeconds: 60, graceSeconds: -1 } }, ['heartbeat.graceSeconds']],
      [{ name: 'x', source: 'heartbeat', heartbeat: { intervalSeconds: 60, every: 5 } }, ['heartbeat']],
      [{ name: 'x', source: 'heartbeat', heartbeat: { intervalSeconds: 60 }, signing: { secret: 'a-long-enough-secret' } }, ['signing']],
      [{ name: 'x', source: 'generic', heartbeat: { intervalSeconds: 60 } }, ['heartbeat']],
    ];
    for (const [body, paths] of cases) {
      const result = CreateIntegrationRequest.safeParse(body);
      assert.equal(result.success, false, JSON.stringify(body));
      assert.deepEqual([...new Set(result.error?.issues.map((i) => i.path.join('.')))], paths, JSON.stringify(body));
    }
    assert.equal(UpdateIntegrationRequest.safeParse({ source: 'generic' }).success, false, 'the source of an integration is fixed');
    assert.deepEqual(UpdateIntegrationRequest.parse({ signing: null, severityMap: null }), { signing: null, severityMap: null });
    assert.deepEqual(
      UpdateIntegrationRequest.safeParse({ heartbeat: { intervalSeconds: 'soon' } }).error?.issues.map((i) => i.path.join('.')),
      ['heartbeat.intervalSeconds'],
    );
  });

  it('takes a heartbeat with its interval, grace defaulting to none, and shows where it is pinged', () => {
    const request = CreateIntegrationRequest.parse({ name: 'Alertmanager watchdog', source: 'heartbeat', heartbeat: { intervalSeconds: 60 } });
    assert.deepEqual(request.heartbeat, { intervalSeconds: 60, graceSeconds: 0 });
    const view = integrationView({ ...integration, id: 'am-watchdog', source: 'heartbeat', signing: null, heartbeat: { intervalSeconds: 60, graceSeconds: 30 } });
    assert.deepEqual(view.heartbeat, { intervalSeconds: 60, graceSeconds: 30 });
    assert.deepEqual(view.endpoints, ['/v1/heartbeats/am-watchdog']);
    assert.equal('heartbeat' in integrationView(integration), false);
  });
});
