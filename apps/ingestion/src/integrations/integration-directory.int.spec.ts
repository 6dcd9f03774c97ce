import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { secretsKeyringOf, type SecretsKeyring } from '@herald/config';
import { dropSchema, openDataSource, SecretsKeyError } from '@herald/persistence';
import { hashIntegrationKey } from './domain/integration-key.js';
import { IntegrationEntity } from './integration.entity.js';
import { INGESTION_MIGRATIONS } from './integrations.migrations.js';
import { IntegrationDirectory } from './integration-directory.js';
import { IntegrationsService } from './integrations.service.js';

const URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/herald';
const SCHEMA = `${(process.env.HERALD_TEST_RUN_ID ?? 't').toLowerCase().replace(/[^a-z0-9_]/g, '')}_${randomBytes(3).toString('hex')}_ingestion`;
const CHANNEL = `${SCHEMA}_integrations`;
const logger = pino({ level: 'silent' });
const key = (byte: number): string => Buffer.alloc(32, byte).toString('base64');
const K1 = secretsKeyringOf(`k1:${key(1)}`);

/** One replica's view: its own pool, service and cache, on the shared schema. */
interface Replica {
  dataSource: DataSource;
  service: IntegrationsService;
  directory: IntegrationDirectory;
}

/** `channel`: where the replica listens for (and announces) changes; another than CHANNEL hears none of the others'. */
async function replica(file: string | undefined, ttlMs: number, secrets: SecretsKeyring = K1, channel = CHANNEL): Promise<Replica> {
  const dataSource = await openDataSource({ url: URL, schema: SCHEMA, poolSize: 2, entities: [IntegrationEntity], migrations: INGESTION_MIGRATIONS, applicationName: 'herald-test' });
  const service = new IntegrationsService(dataSource, file, channel, secrets, logger);
  const directory = new IntegrationDirectory(service, { ttlMs, databaseUrl: URL }, channel, logger);
  await directory.onApplicationBootstrap();
  return { dataSource, service, directory };
}

async function close(r: Replica): Promise<void> {
  await r.directory.beforeApplicationShutdown();
  await r.dataSource.destroy();
}

async function until(check: () => Promise<boolean>, label: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('integrations in PostgreSQL, cached per replica', () => {
  const dir = mkdtempSync(join(tmpdir(), 'herald-integrations-'));
  const file = join(dir, 'herald.yaml');
  let a: Replica;
  let b: Replica;

  before(async () => {
    writeFileSync(
      file,
      `integrations:
  - { id: declared, name: Declared, source: alertmanager, key: declared-key-0123456789 }
  - { id: dropped-later, name: Dropped later, source: generic, key: dropped-key-0123456789 }
  - { id: signed-in-file, name: Signed, source: generic, key: signed-key-0123456789, signingSecret: file-signing-secret-at-rest }
`,
    );
    a = await replica(file, 60_000);
    await a.service.onModuleInit();
    b = await replica(undefined, 60_000);
  });

  after(async () => {
    for (const r of [a, b]) {
      await r?.directory.beforeApplicationShutdown();
      await r?.dataSource.destroy();
    }
    await dropSchema(URL, SCHEMA);
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies the declared integrations, storing only the hash of each key', async () => {
    const declared = await a.service.findById('declared');
    assert.equal(declared?.managedBy, 'file');
    assert.equal(declared?.keyHash, hashIntegrationKey('declared-key-0123456789'));
    const raw = await a.dataSource.query<Array<{ row: string }>>(`SELECT row_to_json(i)::text AS row FROM integrations i`);
    assert.ok(raw.every((r) => !r.row.includes('declared-key-0123456789')), 'no key in clear text');
  });

  it('signing secrets are stored sealed (a dump of the table shows none), rotate with the keyring, and a wrong key stops the start', async () => {
    const API_SECRET = 'api-signing-secret-at-rest';
    await a.service.create(
      { id: 'signed-by-api', name: 'Signed', source: 'generic', enabled: true, rateLimitPerMinute: 120, dedupScope: 'integration', signing: { secret: API_SECRET } },
      hashIntegrationKey('signed-api-key-0123456789'),
    );
    const dump = async (): Promise<string> => JSON.stringify(await a.dataSource.query(`SELECT * FROM integrations`));
    const keyIds = async (): Promise<string[]> =>
      (await a.dataSource.query<Array<{ signing_secret: string }>>(`SELECT signing_secret FROM integrations WHERE signing_secret IS NOT NULL ORDER BY id`)).map((r) => r.signing_secret.split('.')[1] ?? '');
    for (const secret of [API_SECRET, 'file-signing-secret-at-rest']) assert.equal((await dump()).includes(secret), false, `${secret} readable in the raw rows`);
    assert.deepEqual(await keyIds(), ['k1', 'k1']);
    assert.equal((await a.service.findById('signed-by-api'))?.signing?.secret, API_SECRET);
    assert.equal((await a.service.findById('signed-in-file'))?.signing?.secret, 'file-signing-secret-at-rest');

    // Rotation: k2 becomes primary with k1 kept; the start-up pass re-wraps; then k2 alone opens everything.
    const rotating = await replica(file, 60_000, secretsKeyringOf(`k2:${key(2)},k1:${key(1)}`));
    try {
      assert.equal((await rotating.service.findById('signed-by-api'))?.signing?.secret, API_SECRET, 'readable before the pass');
      await rotating.service.onModuleInit();
      assert.deepEqual(await keyIds(), ['k2', 'k2']);
    } finally {
      await close(rotating);
    }
    const rotated = await replica(undefined, 60_000, secretsKeyringOf(`k2:${key(2)}`));
    try {
      assert.equal((await rotated.service.findById('signed-by-api'))?.signing?.secret, API_SECRET);
    } finally {
      await close(rotated);
    }
    const wrong = await replica(file, 60_000, secretsKeyringOf(`k2:${key(9)}`));
    try {
      await assert.rejects(wrong.service.onModuleInit(), (e: unknown) => e instanceof SecretsKeyError && /HERALD_SECRETS_KEY: key "k2" does not open integrations\/signed-by-api/.test(e.message));
    } finally {
      await close(wrong);
    }
    // Back to k1 for the tests below (k1 as primary, k2 to open what it sealed).
    const back = await replica(file, 60_000, secretsKeyringOf(`k1:${key(1)},k2:${key(2)}`));
    await back.service.onModuleInit();
    await close(back);
    await a.service.delete('signed-by-api');
  });

  it('removes a file-managed integration that left the file, and keeps API-made ones', async () => {
    await a.service.create({ id: 'made-by-api', name: 'API', source: 'generic', enabled: true, rateLimitPerMinute: 120, dedupScope: 'integration' }, hashIntegrationKey('api-key-0123456789'));
    writeFileSync(file, `integrations:\n  - { id: declared, name: Declared, source: alertmanager, key: declared-key-0123456789 }\n`);
    await a.service.onModuleInit();
    assert.equal(await a.service.findById('dropped-later'), null);
    assert.equal((await a.service.findById('made-by-api'))?.managedBy, 'api');
  });

  it("drops another replica's cached integration as soon as it changes (LISTEN/NOTIFY), despite a long TTL", async () => {
    const cachedByKey = await b.directory.findByKeyHash(hashIntegrationKey('api-key-0123456789'));
    assert.equal(cachedByKey?.id, 'made-by-api');
    assert.equal((await b.directory.findById('made-by-api'))?.enabled, true);

    await a.service.update('made-by-api', { enabled: false });
    await until(async () => (await b.directory.findById('made-by-api'))?.enabled === false, 'replica B to see the integration disabled');

    await a.service.rotateKey('made-by-api', hashIntegrationKey('api-key-rotated-0123'));
    await until(async () => (await b.directory.findByKeyHash(hashIntegrationKey('api-key-0123456789'))) === null, 'replica B to forget the old key');
    assert.equal((await b.directory.findByKeyHash(hashIntegrationKey('api-key-rotated-0123')))?.id, 'made-by-api');

    await a.service.delete('made-by-api');
    await until(async () => (await b.directory.findById('made-by-api')) === null, 'replica B to forget the deleted integration');
  });

  it('answers repeated lookups from memory within the TTL', async () => {
    assert.equal((await b.directory.findById('declared'))?.id, 'declared');
    // Changed behind the service's back (no NOTIFY): the cached answer stands until the TTL.
    await a.dataSource.query(`UPDATE integrations SET name = 'Renamed' WHERE id = 'declared'`);
    assert.equal((await b.directory.findById('declared'))?.name, 'Declared');
    b.directory.invalidate();
    assert.equal((await b.directory.findById('declared'))?.name, 'Renamed');
  });

  it('answers with a known integration past its TTL at once and reads it again behind; a miss past its TTL is read first', async () => {
    // A replica that hears no change (as when a notification is lost): only its TTL makes it read again.
    const deaf = await replica(undefined, 50, K1, `${CHANNEL}_deaf`);
    try {
      await a.service.create({ id: 'revalidated', name: 'Before', source: 'generic', enabled: true, rateLimitPerMinute: 120, dedupScope: 'integration' }, hashIntegrationKey('revalidated-key-0123456789'));
      assert.equal((await deaf.directory.findByKeyHash(hashIntegrationKey('revalidated-key-0123456789')))?.name, 'Before');
      assert.equal(await deaf.directory.findById('arrives-later'), null);
      await a.dataSource.query(`UPDATE integrations SET name = 'After' WHERE id = 'revalidated'`);
      await a.service.create({ id: 'arrives-later', name: 'Later', source: 'generic', enabled: true, rateLimitPerMinute: 120, dedupScope: 'integration' }, hashIntegrationKey('arrives-later-key-0123456'));
      await new Promise((resolve) => setTimeout(resolve, 100));

      // Past the TTL: the known integration answers as it was (no wait for PostgreSQL), and is read again behind.
      assert.equal((await deaf.directory.findById('revalidated'))?.name, 'Before');
      await until(async () => (await deaf.directory.findById('revalidated'))?.name === 'After', 'the re-read to replace the old entry');
      // The other cache (by key) was refreshed by the same read.
      assert.equal((await deaf.directory.findByKeyHash(hashIntegrationKey('revalidated-key-0123456789')))?.name, 'After');
      // A cached miss past its TTL is read before answering: the integration made meanwhile is found at once.
      assert.equal((await deaf.directory.findById('arrives-later'))?.name, 'Later');
    } finally {
      await close(deaf);
      await a.service.delete('revalidated');
      await a.service.delete('arrives-later');
    }
  });

  it('keeps serving recently seen integrations while PostgreSQL is unreachable, and only those', async () => {
    const c = await replica(undefined, 50);
    try {
      assert.equal((await c.directory.findById('declared'))?.id, 'declared');
      await new Promise((resolve) => setTimeout(resolve, 100));
      await c.dataSource.destroy();
      assert.equal((await c.directory.findById('declared'))?.id, 'declared', 'an expired entry stands in during the outage');
      await assert.rejects(c.directory.findById('never-seen'));
    } finally {
      await c.directory.beforeApplicationShutdown();
    }
  });

  it('refuses API changes to file-managed integrations', async () => {
    await assert.rejects(a.service.update('declared', { enabled: false }), { code: 'INTEGRATION_MANAGED_BY_FILE' });
    await assert.rejects(a.service.delete('declared'), { code: 'INTEGRATION_MANAGED_BY_FILE' });
    await assert.rejects(a.service.update('nobody', { enabled: false }), { code: 'INTEGRATION_NOT_FOUND' });
  });
});
