import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { IncidentEvent } from '@herald/contracts';
import { api, canonicalAlert, IncidentsDriver } from '../support/incidents.js';
import { HeraldStack, metricValue } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

const TOKEN = 'e2e-incidents-admin-token-0002';

interface View {
  id: string;
  dedupKey: string;
  status: string;
  severity: string;
  service?: string;
  source: string;
  summary: string;
  alertCount: number;
  openedAt: string;
  version: number;
  nextTimerAt?: string;
  acknowledgedAt?: string;
  resolvedAt?: string;
}
interface Page {
  items: View[];
  nextCursor: string | null;
}
interface Detail {
  incident: View;
  timeline: IncidentEvent[];
  nextTimelineAfter: number | null;
}
interface Action {
  incident: View;
  events: IncidentEvent[];
}
interface Problem {
  error: string;
  message: string;
  errors?: Array<{ path: string; message: string }>;
}

/*
 * The incident API on the incidents service alone, fed canonical alerts straight into
 * ALERTS (as ingestion would publish them).
 */
describe('incidents API', () => {
  let stack: HeraldStack;
  let driver: IncidentsDriver;
  const base = Date.now() - 3_600_000;
  const at = (seconds: number): string => new Date(base + seconds * 1_000).toISOString();
  const get = <T>(path: string) => api<T>(stack.url('incidents', path), TOKEN);
  const post = <T>(path: string, body: unknown) => api<T>(stack.url('incidents', path), TOKEN, { method: 'POST', body });
  const byKey = new Map<string, View>();

  async function listAll(query: string, limit = 200): Promise<View[]> {
    const items: View[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: Page } = await get<Page>(`/v1/incidents?limit=${limit}${query ? `&${query}` : ''}${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return items;
  }
  const keysOf = (items: readonly View[]): string[] => items.map((i) => i.dedupKey).sort();

  before(async () => {
    stack = await HeraldStack.start({
      config: 'integrations: []\n',
      services: ['incidents'],
      env: { HERALD_ADMIN_TOKEN: TOKEN },
      serviceEnv: { incidents: { INCIDENTS_AUTO_RESOLVE_SECONDS: '86400', INCIDENTS_TIMER_POLL_MS: '200' } },
    });
    driver = await IncidentsDriver.connect(stack.namespace);
    const alerts = [
      ...Array.from({ length: 5 }, (_, i) =>
        canonicalAlert({ dedupKey: `db-${i}`, service: 'db', severity: 'critical', source: 'alertmanager', summary: `Disk full on db-${i}`, receivedAt: at(i) }),
      ),
      ...Array.from({ length: 5 }, (_, i) =>
        canonicalAlert({ dedupKey: `web-${i}`, service: 'web', severity: 'warning', source: 'grafana', summary: `Latency 100% on web-${i}`, receivedAt: at(100 + i) }),
      ),
      ...Array.from({ length: 3 }, (_, i) => canonicalAlert({ dedupKey: 'db-0', severity: 'critical', summary: `Disk still full (${i})`, receivedAt: at(10 + i) })),
    ];
    await driver.publish(alerts);
    // Every alert applied, not only every incident opened: db-0's three later alerts may commit in a later batch.
    await waitFor(async () => {
      const items = (await get<Page>('/v1/incidents?limit=200')).body.items ?? [];
      return items.length === 10 && items.reduce((sum, i) => sum + i.alertCount, 0) === alerts.length;
    }, 'ten incidents holding all thirteen alerts');
    for (const view of await listAll('')) byKey.set(view.dedupKey, view);
  });

  after(async () => {
    await driver?.close();
    await stack?.stop();
    await stack?.cleanup();
  });

  it('refuses requests without the admin token', async () => {
    for (const headers of [{}, { authorization: 'Bearer not-the-token-at-all' }] as Array<Record<string, string>>) {
      const response = await fetch(stack.url('incidents', '/v1/incidents'), { headers });
      assert.equal(response.status, 401);
      assert.equal(((await response.json()) as Problem).error, 'UNAUTHENTICATED');
    }
    const rebuild = await fetch(stack.url('incidents', '/v1/admin/rebuild-projections'), { method: 'POST' });
    assert.equal(rebuild.status, 401);
  });

  it('lists incidents by status, severity, service, source, text and time, newest first', async () => {
    const all = await listAll('');
    assert.deepEqual(
      all.map((i) => i.dedupKey),
      ['web-4', 'web-3', 'web-2', 'web-1', 'web-0', 'db-4', 'db-3', 'db-2', 'db-1', 'db-0'],
    );
    const cases: Array<[string, string[]]> = [
      ['status=triggered', keysOf(all)],
      ['status=acknowledged,resolved', []],
      ['severity=critical', ['db-0', 'db-1', 'db-2', 'db-3', 'db-4']],
      ['severity=warning&severity=info', ['web-0', 'web-1', 'web-2', 'web-3', 'web-4']],
      ['service=web', ['web-0', 'web-1', 'web-2', 'web-3', 'web-4']],
      ['source=grafana', ['web-0', 'web-1', 'web-2', 'web-3', 'web-4']],
      ['text=DISK', ['db-0', 'db-1', 'db-2', 'db-3', 'db-4']],
      ['text=still%20full', ['db-0']],
      ['text=100%25', ['web-0', 'web-1', 'web-2', 'web-3', 'web-4']],
      // LIKE wildcards in the text are literal: unescaped, `y%o` would match "Latency 100% on".
      ['text=y%25o', []],
      [`from=${encodeURIComponent(at(2))}&to=${encodeURIComponent(at(101))}`, ['db-2', 'db-3', 'db-4', 'web-0']],
      ['severity=critical&service=web', []],
    ];
    for (const [query, keys] of cases) assert.deepEqual(keysOf(await listAll(query)), keys, query);
    const dbZero = byKey.get('db-0')!;
    assert.equal(dbZero.alertCount, 4);
    assert.equal(dbZero.summary, 'Disk still full (2)', 'the latest summary');
  });

  it('pages with an opaque keyset cursor, each incident once', async () => {
    const sizes: number[] = [];
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: Page } = await get<Page>(`/v1/incidents?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      sizes.push(page.body.items.length);
      seen.push(...page.body.items.map((i) => i.dedupKey));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(sizes, [3, 3, 3, 1]);
    assert.deepEqual(seen, (await listAll('')).map((i) => i.dedupKey));
  });

  it('answers 400 naming the bad query fields', async () => {
    const cases: Array<[string, string]> = [
      ['status=open', 'status[0]'],
      ['severity=critical,loud', 'severity[1]'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['colour=red', 'colour'],
      ['from=yesterday', 'from'],
      [`from=${at(5)}&to=${at(1)}`, 'to'],
      ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ];
    for (const [query, path] of cases) {
      const response = await get<Problem>(`/v1/incidents?${query}`);
      assert.equal(response.status, 400, query);
      assert.equal(response.body.error, 'INVALID_REQUEST');
      assert.deepEqual(response.body.errors?.map((e) => e.path), [path], query);
    }
    const badId = await get<Problem>('/v1/incidents/not-a-uuid');
    assert.equal(badId.status, 400);
    assert.deepEqual(badId.body.errors?.map((e) => e.path), ['id']);
  });

  it('shows one incident with its timeline, and 404 for an unknown id', async () => {
    const detail = await get<Detail>(`/v1/incidents/${byKey.get('db-0')!.id}`);
    assert.equal(detail.status, 200);
    assert.equal(detail.body.incident.alertCount, 4);
    assert.deepEqual(
      detail.body.timeline.map((e) => [e.version, e.type]),
      [
        [1, 'IncidentTriggered'],
        [2, 'AlertDeduplicated'],
        [3, 'AlertDeduplicated'],
        [4, 'AlertDeduplicated'],
      ],
    );
    const paged = await get<Detail>(`/v1/incidents/${byKey.get('db-0')!.id}?timelineAfter=1&timelineLimit=2`);
    assert.deepEqual(paged.body.timeline.map((e) => e.version), [2, 3]);
    assert.equal(paged.body.nextTimelineAfter, 3);
    const missing = await get<Problem>('/v1/incidents/00000000-0000-4000-8000-000000000000');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error, 'INCIDENT_NOT_FOUND');
  });

  it('acknowledges, notes and resolves through commands: 409 for a refused transition, 400 for a bad body', async () => {
    const id = byKey.get('db-1')!.id;
    const invalid: Array<[string, unknown, string[]]> = [
      ['acknowledge', {}, ['by']],
      ['acknowledge', { by: '   ' }, ['by']],
      ['acknowledge', { by: 'ada', reason: 'x' }, ['reason']],
      ['notes', { author: 'ada' }, ['text']],
      ['notes', { by: 'ada', text: 'hi' }, ['by']],
      ['notes', { author: 'ada', text: '' }, ['text']],
      ['notes', { author: 'ada', text: 'x'.repeat(10_001) }, ['text']],
      ['resolve', { by: 42 }, ['by']],
    ];
    for (const [action, body, paths] of invalid) {
      const response = await post<Problem>(`/v1/incidents/${id}/${action}`, body);
      assert.equal(response.status, 400, `${action} ${JSON.stringify(body).slice(0, 60)}`);
      assert.deepEqual(response.body.errors?.map((e) => e.path).sort(), [...paths].sort());
    }
    assert.equal((await get<Detail>(`/v1/incidents/${id}`)).body.timeline.length, 1, 'a refused request changes nothing');

    const acked = await post<Action>(`/v1/incidents/${id}/acknowledge`, { by: 'ada' });
    assert.equal(acked.status, 200);
    assert.equal(acked.body.incident.status, 'acknowledged');
    assert.deepEqual(acked.body.events.map((e) => [e.type, e.data]), [['IncidentAcknowledged', { by: { kind: 'user', name: 'ada' } }]]);
    const again = await post<Problem>(`/v1/incidents/${id}/acknowledge`, { by: 'bob' });
    assert.deepEqual([again.status, again.body.error], [409, 'TRANSITION_NOT_ALLOWED']);

    const note = await post<Action>(`/v1/incidents/${id}/notes`, { author: 'ada', text: 'Rotating logs on db-1' });
    assert.equal(note.status, 201);
    assert.deepEqual(note.body.events.map((e) => e.data), [{ author: 'ada', text: 'Rotating logs on db-1' }]);

    const resolved = await post<Action>(`/v1/incidents/${id}/resolve`, { by: 'ada' });
    assert.equal(resolved.status, 200);
    assert.equal(resolved.body.incident.status, 'resolved');
    for (const action of ['resolve', 'acknowledge']) {
      const refused = await post<Problem>(`/v1/incidents/${id}/${action}`, { by: 'bob' });
      assert.deepEqual([refused.status, refused.body.error], [409, 'TRANSITION_NOT_ALLOWED'], action);
    }
    const unknown = await post<Problem>('/v1/incidents/00000000-0000-4000-8000-000000000000/resolve', { by: 'ada' });
    assert.deepEqual([unknown.status, unknown.body.error], [404, 'INCIDENT_NOT_FOUND']);

    // People's events go out through the outbox like every other.
    await waitFor(async () => {
      const types = (await driver.incidentEvents()).filter((e) => e.message.event.incidentId === id).map((e) => e.message.event.type);
      return types.join() === 'IncidentTriggered,IncidentAcknowledged,IncidentNoteAdded,IncidentResolved';
    }, 'the human events on INCIDENTS');
    assert.deepEqual(keysOf(await listAll('status=resolved')), ['db-1']);
  });

  it('exports open incidents and response times as metrics', async () => {
    const metrics = await stack.metrics('incidents');
    assert.equal(metricValue(metrics, 'herald_incidents_open', { severity: 'critical', status: 'triggered' }), 4);
    assert.equal(metricValue(metrics, 'herald_incidents_open', { severity: 'warning', status: 'triggered' }), 5);
    assert.equal(metricValue(metrics, 'herald_incidents_open', { severity: 'info', status: 'acknowledged' }), 0);
    assert.equal(metricValue(metrics, 'herald_incident_time_to_acknowledge_seconds_count', { severity: 'critical' }), 1);
    assert.equal(metricValue(metrics, 'herald_incident_time_to_resolve_seconds_count', { severity: 'critical' }), 1);
    // Opened an hour ago (by the alert's time), so both took more than half an hour.
    assert.equal(metricValue(metrics, 'herald_incident_time_to_resolve_seconds_bucket', { severity: 'critical', le: '1800' }), 0);
    assert.equal(metricValue(metrics, 'herald_incidents_opened_total', { severity: 'critical' }), 5);
    assert.equal(metricValue(metrics, 'herald_alerts_deduplicated_total'), 3);
  });

  it('resolves an incident when its alert ends, even across a SIGKILL', async () => {
    const endsAt = new Date(Date.now() + 2_000).toISOString();
    await driver.publish([canonicalAlert({ dedupKey: 'ends-soon', summary: 'Ends soon', endsAt })]);
    await waitFor(async () => (await listAll('dedupKey=ends-soon')).length === 1, 'the incident to open');
    const [opened] = await listAll('dedupKey=ends-soon');
    assert.equal(opened!.nextTimerAt, endsAt);
    await stack.kill('incidents');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(endsAt) - Date.now())));
    await stack.startService('incidents');
    await waitFor(async () => (await listAll('dedupKey=ends-soon'))[0]?.status === 'resolved', 'the timer to resolve it');
    const detail = await get<Detail>(`/v1/incidents/${opened!.id}`);
    assert.deepEqual(detail.body.timeline.at(-1)?.data, { by: { kind: 'system', reason: 'auto-resolve' } });
  });

  it('rebuilds the read model from the events to the same incidents', async () => {
    const before = await listAll('');
    const rebuilt = await post<{ incidents: number; events: number }>('/v1/admin/rebuild-projections', {});
    assert.equal(rebuilt.status, 200);
    assert.equal(rebuilt.body.incidents, before.length);
    assert.deepEqual(await listAll(''), before);
  });
});
