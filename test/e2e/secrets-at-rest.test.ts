import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { schemaName } from '@herald/persistence';
import { postJson } from '../support/alerts.js';
import { DATABASE_URL, HeraldStack } from '../support/stack.js';

/*
 * Credentials at rest: what the services store in PostgreSQL is sealed with HERALD_SECRETS_KEY,
 * a restart with a wrong or missing key stops with an error naming the variable, and a key
 * rotation (new primary, old key kept, then the old key dropped) needs no downtime.
 */
const ADMIN = 'e2e-secrets-admin-token-0001';
const SECRETS = {
  fileUrlToken: 'file-url-token-at-rest-0001',
  apiBearer: 'api-bearer-token-at-rest-0001',
  apiUrlToken: 'api-url-token-at-rest-0001',
  signing: 'file-signing-secret-at-rest-01',
};
const NEW_KEY = `k2:${Buffer.alloc(32, 42).toString('base64')}`;

describe('credentials are sealed at rest with HERALD_SECRETS_KEY', () => {
  let stack: HeraldStack;
  let pool: pg.Pool;
  /** Every row of the tables holding credentials, as a pg_dump would hold them. */
  const dump = async (): Promise<string> => {
    const receivers = await pool.query(`SELECT * FROM "${schemaName(stack.namespace, 'dispatch')}".receivers`);
    const integrations = await pool.query(`SELECT * FROM "${schemaName(stack.namespace, 'ingestion')}".integrations`);
    return JSON.stringify([receivers.rows, integrations.rows]);
  };
  const keyIds = async (): Promise<string[]> => [...new Set(Array.from((await dump()).matchAll(/hs1\.([A-Za-z0-9_-]+)\./g), (m) => m[1]!))].sort();
  const receivers = async (): Promise<Array<{ id: string }>> => {
    const response = await fetch(stack.url('dispatch', '/v1/receivers'), { headers: { authorization: `Bearer ${ADMIN}` } });
    assert.equal(response.status, 200);
    return ((await response.json()) as { items: Array<{ id: string }> }).items;
  };
  /** Restarts dispatch with `env` added; resolves with the start's error output, or '' when it became ready. */
  const restartDispatch = async (env: Record<string, string>): Promise<string> => {
    await stack.terminate('dispatch');
    try {
      await stack.startService('dispatch', env);
      return '';
    } catch (error) {
      return String(error);
    }
  };

  before(async () => {
    stack = await HeraldStack.start({
      services: ['ingestion', 'dispatch'],
      env: { HERALD_ADMIN_TOKEN: ADMIN },
      config: `
integrations:
  - { id: signed, name: Signed, source: generic, key: e2e-secrets-integration-key-01, signingSecret: ${SECRETS.signing} }
dispatch:
  receivers:
    - id: from-file
      name: From file
      channel: webhook
      settings: { url: "https://hooks.example.com/services/${SECRETS.fileUrlToken}" }
`,
    });
    pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
    const created = await postJson(
      stack.url('dispatch', '/v1/receivers'),
      { id: 'from-api', name: 'From API', channel: 'webhook', settings: { url: `https://hooks.example.com/${SECRETS.apiUrlToken}`, auth: { type: 'bearer', token: SECRETS.apiBearer } } },
      { authorization: `Bearer ${ADMIN}` },
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
  });

  after(async () => {
    await pool?.end();
    await stack?.stop();
    await stack?.cleanup();
  });

  it('a dump of the tables shows no credential, only sealed values', async () => {
    const text = await dump();
    for (const [name, secret] of Object.entries(SECRETS)) assert.equal(text.includes(secret), false, `${name} readable in the raw rows`);
    assert.deepEqual(await keyIds(), ['t1']);
    assert.deepEqual((await receivers()).map((r) => r.id).sort(), ['from-api', 'from-file'], 'and the service reads them back');
  });

  it('a restart with a wrong key, or none, stops with an error naming HERALD_SECRETS_KEY', async () => {
    const wrong = await restartDispatch({ HERALD_SECRETS_KEY: `t1:${Buffer.alloc(32, 7).toString('base64')}` });
    // The error is one JSON log line, so its quotes arrive escaped.
    assert.match(wrong, /HERALD_SECRETS_KEY: key \\?"t1\\?" does not open receivers\/from-/);
    const missing = await restartDispatch({ HERALD_SECRETS_KEY: '' });
    assert.match(missing, /dispatch: Invalid configuration: HERALD_SECRETS_KEY is required: it encrypts credentials stored in PostgreSQL; generate one with `openssl rand -base64 32`/);
    const forgotten = await restartDispatch({ HERALD_SECRETS_KEY: NEW_KEY });
    assert.match(forgotten, /HERALD_SECRETS_KEY has no key \\?"t1\\?"/);
  });

  it('rotation: the new key first with the old one kept re-seals every row at start; then the old key can go', async () => {
    assert.equal(await restartDispatch({ HERALD_SECRETS_KEY: `${NEW_KEY},${stack.secretsKey}` }), '');
    const ids = await pool.query<{ kid: string }>(`SELECT split_part(spec->>'sealed', '.', 2) AS kid FROM "${schemaName(stack.namespace, 'dispatch')}".receivers`);
    assert.deepEqual([...new Set(ids.rows.map((r) => r.kid))], ['k2']);
    assert.equal(await restartDispatch({ HERALD_SECRETS_KEY: NEW_KEY }), '');
    assert.deepEqual((await receivers()).map((r) => r.id).sort(), ['from-api', 'from-file']);
    const text = await dump();
    for (const secret of Object.values(SECRETS)) assert.equal(text.includes(secret), false);
  });
});
