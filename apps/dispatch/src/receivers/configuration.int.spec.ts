import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { secretsKeyringOf } from '@herald/config';
import { createLogger } from '@herald/observability';
import { dropSchema, openDataSource, SecretsKeyError } from '@herald/persistence';
import { ReceiverHealth } from '../delivery/state/receiver-health.js';
import { DISPATCH_MIGRATIONS } from '../dispatch.migrations.js';
import { RoutingConfigService } from '../routing/routing-config.service.js';
import { PlainHttpCheck } from '../security/plain-http-check.js';
import { ConfigCache } from './config-cache.js';
import { ConfigStore } from './config-store.js';
import { applyDeclaredConfig } from './declarative-config.js';
import { DispatchError } from './domain/dispatch.errors.js';
import { SECRET_MASK } from './domain/receiver.js';
import { ReceiverListQuery } from './domain/receiver-list.js';
import { ReceiversService } from './receivers.service.js';

// Real PostgreSQL; every run gets its own schema, dropped after.
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/herald';
const SCHEMA = `${(process.env.HERALD_TEST_RUN_ID ?? 't').toLowerCase().replace(/[^a-z0-9_]/g, '')}_${randomBytes(4).toString('hex')}_dispatch`;
const logger = createLogger('dispatch-test', 'silent');
/** No allow-list: every plain http:// destination is refused. */
const plainHttp = new PlainHttpCheck([]);

const SLACK_URL = 'https://hooks.slack.com/services/T0001/B0001/file-secret-token';
const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const TOKEN = 'api-secret-bearer-token';
const key = (byte: number): string => Buffer.alloc(32, byte).toString('base64');
const K1 = secretsKeyringOf(`k1:${key(1)}`);

function fileWith(dir: string, yaml: string): string {
  const path = join(dir, `herald-${randomBytes(3).toString('hex')}.yaml`);
  writeFileSync(path, yaml);
  return path;
}

const FILE = `
dispatch:
  receivers:
    - id: ops-slack
      name: Ops Slack
      channel: slack
      settings: { url: "${SLACK_URL}" }
  silences:
    - id: planned-db
      matchers: ['service="db"']
      startsAt: "2026-01-01T00:00:00Z"
      endsAt: "2099-01-01T00:00:00Z"
      author: ana
      comment: declared in git
`;

/** Asserts the call fails with a DispatchError of this code, and returns it. */
async function refused(code: DispatchError['code'], call: () => Promise<unknown>): Promise<DispatchError> {
  try {
    await call();
  } catch (error) {
    assert.ok(error instanceof DispatchError, String(error));
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected ${code}`);
}

describe('dispatch configuration on PostgreSQL', () => {
  let dataSource: DataSource;
  let store: ConfigStore;
  let cache: ConfigCache;
  let receivers: ReceiversService;
  let routing: RoutingConfigService;
  let dir: string;
  let applied: Awaited<ReturnType<typeof applyDeclaredConfig>>;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-dispatch-'));
    dataSource = await openDataSource({ url: DATABASE_URL, schema: SCHEMA, poolSize: 4, migrations: DISPATCH_MIGRATIONS, applicationName: 'dispatch-int-test' });
    store = new ConfigStore(dataSource, `${SCHEMA}_config`, K1);
    applied = await applyDeclaredConfig(store, fileWith(dir, FILE), logger, plainHttp);
    cache = new ConfigCache(store, { databaseUrl: DATABASE_URL, refreshMs: 60_000 }, logger, applied);
    await cache.reload();
    const health = new ReceiverHealth(dataSource, { databaseUrl: DATABASE_URL, channel: `${SCHEMA}_receiver_state`, refreshMs: 60_000 }, logger);
    receivers = new ReceiversService(store, cache, health, dataSource, plainHttp);
    routing = new RoutingConfigService(store, cache);
  });

  after(async () => {
    await dataSource?.destroy();
    await dropSchema(DATABASE_URL, SCHEMA);
    rmSync(dir, { recursive: true, force: true });
  });

  describe('credentials at rest (HERALD_SECRETS_KEY)', () => {
    const BASIC_PASSWORD = 'basic-password-at-rest';
    const secretReceiver = { id: 'at-rest', name: 'At rest', channel: 'webhook', settings: { url: 'https://hooks.example.com/t/url-token-at-rest', auth: { type: 'bearer', token: 'bearer-at-rest' } } };
    const SECRETS = ['url-token-at-rest', 'bearer-at-rest', SLACK_URL, 'file-secret-token', BASIC_PASSWORD];
    /** What a pg_dump of the table holds: every column of every row, as text. */
    const dump = async (): Promise<string> => JSON.stringify(await dataSource.query(`SELECT * FROM receivers`));
    const storeWith = (keys: string) => new ConfigStore(dataSource, `${SCHEMA}_config`, secretsKeyringOf(keys));
    const keyIds = async (): Promise<string[]> =>
      (await dataSource.query<Array<{ sealed: string | null }>>(`SELECT spec->>'sealed' AS sealed FROM receivers ORDER BY id`)).map((r) => r.sealed?.split('.')[1] ?? 'clear');

    it('receivers (API- and file-managed) are stored sealed: a dump of the table shows none of their credentials', async () => {
      await store.write((m) => store.create('receivers', secretReceiver.id, secretReceiver, m));
      const text = await dump();
      for (const secret of SECRETS) assert.equal(text.includes(secret), false, `${secret} readable in the raw rows`);
      assert.match(text, /"sealed":"hs1\.k1\./);
      assert.deepEqual((await store.get('receivers', 'at-rest'))?.spec, secretReceiver, 'opened as written');
    });

    it('a row stored in clear (before sealing began) is read as it is and sealed by the start-up pass', async () => {
      await dataSource.query(`INSERT INTO receivers (id, spec, managed_by) VALUES ('legacy', $1, 'api')`, [{ name: 'Legacy', channel: 'webhook', settings: { url: 'https://hooks.example.com/legacy', auth: { type: 'basic', username: 'u', password: BASIC_PASSWORD } } }]);
      assert.equal((await store.get('receivers', 'legacy'))?.spec.name, 'Legacy');
      assert.equal(await store.write((m) => store.resealAll(m)), 1);
      assert.equal((await dump()).includes(BASIC_PASSWORD), false);
      assert.equal(((await store.get('receivers', 'legacy'))?.spec.settings as { auth: { password: string } }).auth.password, BASIC_PASSWORD);
    });

    it('key rotation: a new primary key seals new writes, old rows stay readable, the pass re-wraps them, then the old key can go', async () => {
      const rotating = storeWith(`k2:${key(2)},k1:${key(1)}`);
      assert.deepEqual((await rotating.get('receivers', 'at-rest'))?.spec, secretReceiver, 'an old row opens with the old key still in the keyring');
      await rotating.write((m) => rotating.create('receivers', 'after-rotation', { ...secretReceiver, id: 'after-rotation' }, m));
      assert.ok((await keyIds()).includes('k2'), 'a new write uses the new key');
      assert.ok((await keyIds()).includes('k1'));
      const count = (await rotating.list('receivers')).length;
      assert.equal(await rotating.write((m) => rotating.resealAll(m)), count - 1, 'every row but the new one re-wrapped');
      assert.deepEqual([...new Set(await keyIds())], ['k2']);
      const rotated = storeWith(`k2:${key(2)}`);
      assert.equal((await rotated.list('receivers')).length, count, 'everything opens with the new key alone');
      for (const secret of SECRETS) assert.equal((await dump()).includes(secret), false);
      await rotated.write((m) => rotated.remove('receivers', 'after-rotation', m));
      // Back to K1 for the tests below.
      await storeWith(`k1:${key(1)},k2:${key(2)}`).write((m) => storeWith(`k1:${key(1)},k2:${key(2)}`).resealAll(m));
    });

    it('a wrong key, or a keyring missing the key that sealed a row, is an error naming HERALD_SECRETS_KEY', async () => {
      await assert.rejects(storeWith(`k1:${key(9)}`).list('receivers'), (e: unknown) => e instanceof SecretsKeyError && /HERALD_SECRETS_KEY: key "k1" does not open receivers\/.+: the key is wrong/.test(e.message));
      await assert.rejects(storeWith(`k3:${key(3)}`).list('receivers'), (e: unknown) => e instanceof SecretsKeyError && /HERALD_SECRETS_KEY has no key "k1"/.test(e.message));
      await assert.rejects(applyDeclaredConfig(storeWith(`k1:${key(9)}`), fileWith(dir, FILE), logger, plainHttp), /HERALD_SECRETS_KEY/, 'the start-up pass stops the start');
    });

    it('cleans up', async () => {
      await store.write(async (m) => {
        await store.remove('receivers', 'at-rest', m);
        await store.remove('receivers', 'legacy', m);
      });
    });
  });

  describe('receivers', () => {
    const webhook = {
      id: 'ops-hook',
      name: 'Ops webhook',
      channel: 'webhook',
      settings: { url: 'https://hooks.example.com/herald', auth: { type: 'bearer', token: TOKEN }, signing: { secrets: [WHSEC] } },
      retry: { kind: 'fixed', initialDelayMs: 500, maxAttempts: 3 },
    };

    it('creates, lists and shows a receiver without ever returning a secret', async () => {
      const created = await receivers.create(webhook);
      assert.equal(created.managedBy, 'api');
      assert.deepEqual(created.secretFields, ['settings.auth.token', 'settings.signing.secrets.0']);
      const shown = [created, await receivers.get('ops-hook'), ...(await receivers.list(ReceiverListQuery.parse({}))).items];
      for (const view of shown) {
        const text = JSON.stringify(view);
        for (const secret of [TOKEN, WHSEC, SLACK_URL, 'file-secret-token']) assert.equal(text.includes(secret), false, `${secret} in ${text}`);
      }
      assert.equal((created.settings.auth as { token: string }).token, SECRET_MASK);
      assert.equal(created.settings.url, 'https://hooks.example.com/herald');
      // The sender's view (in memory) has the real secret.
      assert.deepEqual((cache.current.receivers.get('ops-hook')?.settings.auth as { token: string }).token, TOKEN);
    });

    it('a PUT sending the masks back keeps the stored secrets and applies the rest', async () => {
      const shown = await receivers.get('ops-hook');
      const updated = await receivers.replace('ops-hook', { name: 'Renamed', channel: 'webhook', settings: shown.settings });
      assert.equal(updated.name, 'Renamed');
      assert.equal(updated.revision, 2);
      const inMemory = cache.current.receivers.get('ops-hook');
      assert.equal(inMemory?.name, 'Renamed');
      assert.deepEqual(inMemory?.settings, webhook.settings);
      // PUT is the whole receiver: the retry policy not sent is back to the default.
      assert.equal(inMemory?.retry.kind, 'exponential');
    });

    it('a PATCH changes the given fields only', async () => {
      const before = cache.current.receivers.get('ops-hook');
      await receivers.patch('ops-hook', { retry: { kind: 'none' }, concurrency: 2 });
      const r = cache.current.receivers.get('ops-hook');
      assert.equal(r?.retry.kind, 'none');
      assert.equal(r?.concurrency, 2);
      assert.equal(r?.name, 'Renamed');
      // The sender keeps each receiver's parsed delivery policy per receiver object: a change must
      // arrive as a new object, never as the old one edited in place.
      assert.notEqual(r, before, 'a changed receiver is a new object');
      assert.notEqual(before?.concurrency, 2, 'the object read before the change is unchanged');
    });

    it('pause and resume flip enabled, in the API and in memory', async () => {
      assert.equal((await receivers.setEnabled('ops-hook', false)).paused, true);
      assert.equal(cache.current.receivers.get('ops-hook')?.enabled, false);
      assert.equal((await receivers.setEnabled('ops-hook', true)).paused, false);
      assert.equal(cache.current.receivers.get('ops-hook')?.enabled, true);
    });

    const invalid: Array<[string, unknown, string]> = [
      ['a bad setting', { ...webhook, id: 'bad-1', settings: { url: 'ftp://x' } }, 'settings.url'],
      ['plain http:// outside DISPATCH_ALLOW_CIDRS', { ...webhook, id: 'bad-4', settings: { url: 'http://127.0.0.1:9/hook' } }, 'settings.url'],
      ['a plain http:// OAuth2 token URL', { ...webhook, id: 'bad-5', settings: { url: 'https://hooks.example.com/x', auth: { type: 'oauth2', tokenUrl: 'http://[::1]:9/token', clientId: 'c', clientSecret: 's' } } }, 'settings.auth.tokenUrl'],
      ['a bad retry policy', { ...webhook, id: 'bad-2', retry: { maxAttempts: 99 } }, 'retry.maxAttempts'],
      ['a bad id', { ...webhook, id: 'has.dot' }, 'id'],
      ['a mask with nothing stored', { ...webhook, id: 'bad-3', settings: { ...webhook.settings, auth: { type: 'bearer', token: SECRET_MASK } } }, 'settings.auth.token'],
    ];
    for (const [name, body, path] of invalid) {
      it(`refuses ${name} (400 naming ${path}) and stores nothing`, async () => {
        const error = await refused('INVALID', () => receivers.create(body));
        assert.ok(error.errors.some((e) => e.path === path), JSON.stringify(error.errors));
        const id = (body as { id: string }).id;
        assert.equal(await store.get('receivers', id), undefined);
      });
    }

    it('refuses a second receiver with the same id', async () => {
      await refused('ALREADY_EXISTS', () => receivers.create(webhook));
    });

    it('404 for an unknown receiver', async () => {
      await refused('NOT_FOUND', () => receivers.get('nobody'));
      await refused('NOT_FOUND', () => receivers.patch('nobody', { name: 'x' }));
      await refused('NOT_FOUND', () => receivers.remove('nobody'));
    });
  });

  describe('file-managed objects are read-only in the API', () => {
    it('the declared receiver and silence are there, managed by the file, secrets masked', async () => {
      const slack = await receivers.get('ops-slack');
      assert.equal(slack.managedBy, 'file');
      assert.equal(slack.settings.url, SECRET_MASK);
      const silence = await routing.get('silences', 'planned-db');
      assert.equal(silence.managedBy, 'file');
      assert.deepEqual(silence.matchers, ['service="db"']);
    });

    const writes: Array<[string, () => Promise<unknown>]> = [
      ['replace a receiver', () => receivers.replace('ops-slack', { name: 'x', channel: 'slack', settings: { url: SECRET_MASK } })],
      ['patch a receiver', () => receivers.patch('ops-slack', { name: 'x' })],
      ['pause a receiver', () => receivers.setEnabled('ops-slack', false)],
      ['delete a receiver', () => receivers.remove('ops-slack')],
      ['create over a receiver id', () => receivers.create({ id: 'ops-slack', name: 'x', channel: 'slack', settings: { url: 'https://hooks.slack.com/x' } })],
      ['replace a silence', () => routing.replace('silences', 'planned-db', { matchers: ['a="b"'], startsAt: '2026-01-01T00:00:00Z', endsAt: '2027-01-01T00:00:00Z', author: 'x', comment: 'x' })],
      ['delete a silence', () => routing.remove('silences', 'planned-db')],
    ];
    for (const [name, call] of writes) {
      it(`refuses to ${name} (409 saying to change the file)`, async () => {
        const error = await refused('FILE_MANAGED', call);
        assert.match(error.message, /configuration file/);
      });
    }

    it('the objects are unchanged after the refusals', async () => {
      const slack = cache.current.receivers.get('ops-slack');
      assert.equal(slack?.name, 'Ops Slack');
      assert.equal(slack?.enabled, true);
      assert.equal(slack?.settings.url, SLACK_URL);
      assert.equal((await store.get('receivers', 'ops-slack'))?.revision, 1);
    });

    it('a declared route makes the tree read-only; removing it from the file hands the tree to the API', async () => {
      const withRoute = fileWith(dir, `${FILE}\n  route:\n    receiver: ops-slack\n`);
      assert.equal((await applyDeclaredConfig(store, withRoute, logger, plainHttp)).fileManagesRoute, true);
      const tree = await routing.tree();
      assert.equal(tree.managedBy, 'file');
      assert.deepEqual(tree.tree, { receiver: 'ops-slack' });
      await refused('FILE_MANAGED', () => routing.putTree({ receiver: 'ops-hook' }, undefined));
      await applyDeclaredConfig(store, fileWith(dir, FILE), logger, plainHttp);
      const handed = await routing.tree();
      assert.equal(handed.managedBy, 'api');
      assert.deepEqual(handed.tree, { receiver: 'ops-slack' });
      assert.equal(handed.version, tree.version + 1);
    });

    it('a declared route naming an unknown receiver stops the start, changing nothing', async () => {
      const before = await routing.tree();
      await assert.rejects(applyDeclaredConfig(store, fileWith(dir, `${FILE}\n  route:\n    routes:\n      - receiver: ghost\n`), logger, plainHttp), /dispatch\.route\.routes\.0\.receiver: unknown receiver "ghost"/);
      assert.deepEqual(await routing.tree(), before);
    });

    it('an object dropped from the file is removed; one redeclared from the API is taken over', async () => {
      await routing.create('silences', { id: 'api-made', matchers: ['team="x"'], startsAt: '2026-01-01T00:00:00Z', endsAt: '2099-01-01T00:00:00Z', author: 'bo', comment: 'api' });
      const next = fileWith(
        dir,
        `
dispatch:
  receivers:
    - id: ops-slack
      name: Ops Slack
      channel: slack
      settings: { url: "${SLACK_URL}" }
  silences:
    - id: api-made
      matchers: ['team="y"']
      startsAt: "2026-01-01T00:00:00Z"
      endsAt: "2099-01-01T00:00:00Z"
      author: git
      comment: now in git
`,
      );
      await applyDeclaredConfig(store, next, logger, plainHttp);
      await refused('NOT_FOUND', () => routing.get('silences', 'planned-db'));
      const taken = await routing.get('silences', 'api-made');
      assert.equal(taken.managedBy, 'file');
      assert.deepEqual(taken.matchers, ['team="y"']);
    });
  });

  describe('routing tree', () => {
    it('is versioned; expectedVersion guards concurrent edits', async () => {
      const current = await routing.tree();
      const next = await routing.putTree({ receiver: 'ops-slack', routes: [{ matchers: ['team=~"db|storage"'], receiver: 'ops-hook', continue: true, repeatIntervalSeconds: 60 }] }, current.version);
      assert.equal(next.version, current.version + 1);
      assert.deepEqual(next.tree, { receiver: 'ops-slack', routes: [{ receiver: 'ops-hook', matchers: ['team=~"db|storage"'], continue: true, repeatIntervalSeconds: 60 }] });
      assert.equal(cache.current.routeVersion, next.version);
      assert.equal(cache.current.route.routes[0]?.receiver, 'ops-hook');
      await refused('VERSION_CONFLICT', () => routing.putTree({ receiver: 'ops-slack' }, current.version));
      assert.equal((await routing.treeHistory(10))[0]?.version, next.version);
    });

    const invalid: Array<[string, unknown, string]> = [
      ['a bad regex', { receiver: 'ops-slack', routes: [{ matchers: ['team=~"("'] }] }, 'routes.0.matchers.0'],
      ['an unknown receiver', { receiver: 'ops-slack', routes: [{ routes: [{ receiver: 'ghost' }] }] }, 'routes.0.routes.0.receiver'],
      ['root matchers', { receiver: 'ops-slack', matchers: ['a="b"'] }, 'matchers'],
      ['an unknown subscription', { receiver: 'ops-slack', eventTypes: ['everything'] }, 'eventTypes.0'],
    ];
    for (const [name, body, path] of invalid) {
      it(`refuses ${name} (400 naming ${path})`, async () => {
        const before = await routing.tree();
        const error = await refused('INVALID', () => routing.putTree(body, undefined));
        assert.ok(error.errors.some((e) => e.path === path), JSON.stringify(error.errors));
        assert.equal((await routing.tree()).version, before.version);
      });
    }

    it('a receiver the tree names cannot be deleted (409 with where)', async () => {
      const error = await refused('IN_USE', () => receivers.remove('ops-hook'));
      assert.match(error.message, /routes\.0\.receiver/);
      await routing.putTree({ receiver: 'ops-slack' }, undefined);
      await receivers.remove('ops-hook');
      await refused('NOT_FOUND', () => receivers.get('ops-hook'));
      assert.equal(cache.current.receivers.has('ops-hook'), false);
    });
  });

  describe('refreshing the cache', () => {
    it('reads every table on one pooled connection: a refresh opens no connections of its own', async () => {
      const applicationName = `dispatch-refresh-${randomBytes(3).toString('hex')}`;
      const own = await openDataSource({ url: DATABASE_URL, schema: SCHEMA, poolSize: 8, migrations: DISPATCH_MIGRATIONS, applicationName });
      try {
        const connections = async (): Promise<number> =>
          (await dataSource.query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [applicationName]))[0]!.n;
        const before = await connections();
        const ownCache = new ConfigCache(new ConfigStore(own, `${SCHEMA}_config`, K1), { databaseUrl: DATABASE_URL, refreshMs: 60_000 }, logger, applied);
        await ownCache.reload();
        await ownCache.reload();
        // What the other cache (kept current by every write above) holds: the reads saw every table.
        assert.ok(cache.current.receivers.size > 0);
        assert.deepEqual([...ownCache.current.receivers.keys()].sort(), [...cache.current.receivers.keys()].sort());
        assert.deepEqual(ownCache.current.silences.map((s) => s.id).sort(), cache.current.silences.map((s) => s.id).sort());
        assert.equal(ownCache.current.routeVersion, cache.current.routeVersion);
        // Six reads in parallel took six connections (five more than the one open after start-up).
        assert.ok((await connections()) <= Math.max(before, 1), `connections: ${before} before the refreshes, ${await connections()} after`);
      } finally {
        await own.destroy();
      }
    });
  });

  describe('silences, inhibition rules, maintenance windows', () => {
    it('silence CRUD with generated id and state', async () => {
      const created = await routing.create('silences', { matchers: ['service="api"'], startsAt: '2020-01-01T00:00:00Z', endsAt: '2099-01-01T00:00:00Z', author: 'ana', comment: 'deploy' });
      assert.match(created.id, /^[0-9a-f-]{36}$/);
      assert.equal(created.state, 'active');
      assert.equal(cache.current.silences.some((s) => s.id === created.id), true);
      const replaced = await routing.replace('silences', created.id, { matchers: ['service="api"'], startsAt: '2020-01-01T00:00:00Z', endsAt: '2021-01-01T00:00:00Z', author: 'ana', comment: 'done' });
      assert.equal(replaced.state, 'expired');
      assert.equal(replaced.revision, 2);
      await routing.remove('silences', created.id);
      assert.equal(cache.current.silences.some((s) => s.id === created.id), false);
    });

    it('inhibition rule and maintenance window CRUD', async () => {
      await routing.create('inhibitRules', { id: 'cluster', sourceMatchers: ['alertname="ClusterDown"'], targetMatchers: ['severity="warning"'], equal: ['cluster'] });
      await routing.create('maintenanceWindows', { id: 'sat', startsAt: '2026-01-01T00:00:00Z', recurrence: { days: ['sat'], startTime: '22:00', endTime: '02:00' } });
      assert.deepEqual(cache.current.inhibitRules.map((r) => r.id), ['cluster']);
      assert.deepEqual(cache.current.maintenanceWindows.map((w) => w.id), ['sat']);
      const window = await routing.get('maintenanceWindows', 'sat');
      assert.equal(typeof window.active, 'boolean');
      await routing.remove('inhibitRules', 'cluster');
      await routing.remove('maintenanceWindows', 'sat');
      assert.equal(cache.current.inhibitRules.length, 0);
    });

    const invalid: Array<[string, 'silences' | 'inhibitRules' | 'maintenanceWindows', unknown, string]> = [
      ['silence ending before it starts', 'silences', { matchers: ['a="b"'], startsAt: '2026-01-02T00:00:00Z', endsAt: '2026-01-01T00:00:00Z', author: 'a', comment: 'c' }, 'endsAt'],
      ['silence without author', 'silences', { matchers: ['a="b"'], startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-01-02T00:00:00Z', comment: 'c' }, 'author'],
      ['silence matching everything', 'silences', { matchers: ['a=~".*"'], startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-01-02T00:00:00Z', author: 'a', comment: 'c' }, 'matchers'],
      ['inhibition without targets', 'inhibitRules', { sourceMatchers: ['a="b"'], targetMatchers: [] }, 'targetMatchers'],
      ['window with a bad time zone', 'maintenanceWindows', { startsAt: '2026-01-01T00:00:00Z', recurrence: { days: ['sat'], startTime: '22:00', endTime: '02:00', timeZone: 'Mars/Olympus' } }, 'recurrence.timeZone'],
    ];
    for (const [name, kind, body, path] of invalid) {
      it(`refuses a ${name} (400 naming ${path})`, async () => {
        const error = await refused('INVALID', () => routing.create(kind, body));
        assert.ok(error.errors.some((e) => e.path === path), JSON.stringify(error.errors));
      });
    }
  });

  describe('escalation policies', () => {
    const night = { id: 'night', steps: [{ receivers: ['ops-slack'], waitSeconds: 300 }], repeat: 1 };

    it('CRUD; a route names one by escalationPolicy; a policy in use keeps its receivers from deletion', async () => {
      const created = await routing.create('escalationPolicies', night);
      assert.deepEqual({ id: created.id, steps: created.steps, repeat: created.repeat }, night);
      assert.deepEqual(cache.current.escalationPolicies.get('night')?.steps, night.steps);
      const tree = await routing.putTree({ receiver: 'ops-slack', routes: [{ matchers: ['team="db"'], escalationPolicy: 'night' }] }, undefined);
      assert.deepEqual(tree.tree, { receiver: 'ops-slack', routes: [{ matchers: ['team="db"'], escalationPolicy: 'night' }] });
      const replaced = await routing.replace('escalationPolicies', 'night', { ...night, steps: [...night.steps, { receivers: ['ops-slack'], waitSeconds: 60 }] });
      assert.equal(replaced.revision, 2);
      assert.equal(cache.current.escalationPolicies.get('night')?.steps.length, 2);
      await receivers.create({ id: 'lead-hook', name: 'Lead', channel: 'webhook', settings: { url: 'https://hooks.example.com/lead' } });
      await routing.replace('escalationPolicies', 'night', { ...night, steps: [{ receivers: ['lead-hook'], waitSeconds: 60 }] });
      const inUse = await refused('IN_USE', () => receivers.remove('lead-hook'));
      assert.match(inUse.message, /escalation policies "night"/);
      const named = await refused('IN_USE', () => routing.remove('escalationPolicies', 'night'));
      assert.match(named.message, /routes\.0\.escalationPolicy/);
      await routing.putTree({ receiver: 'ops-slack' }, undefined);
      await routing.remove('escalationPolicies', 'night');
      await receivers.remove('lead-hook');
      assert.equal(cache.current.escalationPolicies.size, 0);
    });

    const invalid: Array<[string, unknown, string]> = [
      ['policy without steps', { id: 'p', steps: [] }, 'steps'],
      ['step without receivers', { id: 'p', steps: [{ receivers: [], waitSeconds: 60 }] }, 'steps.0.receivers'],
      ['step without a wait', { id: 'p', steps: [{ receivers: ['ops-slack'] }] }, 'steps.0.waitSeconds'],
      ['step waiting no time', { id: 'p', steps: [{ receivers: ['ops-slack'], waitSeconds: 0 }] }, 'steps.0.waitSeconds'],
      ['negative repeat', { id: 'p', steps: [{ receivers: ['ops-slack'], waitSeconds: 60 }], repeat: -1 }, 'repeat'],
      ['step naming an unknown receiver', { id: 'p', steps: [{ receivers: ['ops-slack'], waitSeconds: 60 }, { receivers: ['ops-slack', 'ghost'], waitSeconds: 60 }] }, 'steps.1.receivers.1'],
    ];
    for (const [name, body, path] of invalid) {
      it(`refuses a ${name} (400 naming ${path}) and stores nothing`, async () => {
        const error = await refused('INVALID', () => routing.create('escalationPolicies', body));
        assert.ok(error.errors.some((e) => e.path === path), JSON.stringify(error.errors));
        assert.deepEqual(await routing.list('escalationPolicies'), []);
      });
    }

    it('refuses a route naming an unknown policy (400 naming routes.0.escalationPolicy), changing nothing', async () => {
      const before = await routing.tree();
      const error = await refused('INVALID', () => routing.putTree({ receiver: 'ops-slack', routes: [{ escalationPolicy: 'ghost' }] }, undefined));
      assert.ok(error.errors.some((e) => e.path === 'routes.0.escalationPolicy'), JSON.stringify(error.errors));
      assert.equal((await routing.tree()).version, before.version);
    });

    it('a file declaring a policy with an unknown receiver, or a route naming an unknown policy, stops the start', async () => {
      const policyFile = fileWith(dir, `${FILE}  escalationPolicies:\n    - { id: p, steps: [{ receivers: [ghost], waitSeconds: 60 }] }\n`);
      await assert.rejects(applyDeclaredConfig(store, policyFile, logger, plainHttp), /dispatch\.escalationPolicies\.0\.steps\.0\.receivers\.0: unknown receiver "ghost"/);
      const routeFile = fileWith(dir, `${FILE}  route:\n    receiver: ops-slack\n    escalationPolicy: ghost\n`);
      await assert.rejects(applyDeclaredConfig(store, routeFile, logger, plainHttp), /dispatch\.route\.escalationPolicy: unknown escalation policy "ghost"/);
      assert.deepEqual(await routing.list('escalationPolicies'), []);
    });
  });
});
