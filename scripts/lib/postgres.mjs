// PostgreSQL: check it, have a local one started when absent (pgcluster.mjs), wait until it
// answers, and make sure Herald's database exists.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT, aptHint, isLocalHost, which } from './host.mjs';
import { bareHost, tcpProbe, waitFor } from './net.mjs';
import { capture } from './proc.mjs';
import { startLocalCluster, trustLoopback } from './pgcluster.mjs';
import { HeraldError, info } from './ui.mjs';

const READY_TIMEOUT_MS = 60_000;

export function parseDatabaseUrl(databaseUrl) {
  let url;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new HeraldError('DATABASE_URL is not a valid URL', 'set DATABASE_URL like postgres://postgres@127.0.0.1:5432/herald, or unset it');
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
  const admin = new URL(url.href);
  admin.pathname = '/postgres'; // CREATE DATABASE has to be run from another database
  const shown = new URL(url.href);
  shown.password = shown.password ? '***' : '';
  return {
    url: url.href,
    adminUrl: admin.href,
    display: shown.href,
    host: bareHost(url.hostname),
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username) || 'postgres',
    hasPassword: Boolean(url.password),
    database,
  };
}

// ── Running SQL: psql when installed, else the workspace's `pg` package (installed in step 1). ──

async function queryWithPsql(psql, connectionUrl, sql) {
  // -w: never prompt for a password (CI has no stdin); -X: ignore the user's ~/.psqlrc.
  const env = { ...process.env, PGCONNECT_TIMEOUT: '5' };
  const result = await capture(psql, ['-X', '-w', '-q', '-tA', '-v', 'ON_ERROR_STOP=1', '-d', connectionUrl, '-c', sql], { env });
  return result.code === 0 ? { ok: true, output: result.stdout.trim() } : { ok: false, error: (result.stderr || result.stdout).trim() };
}

async function queryWithPg(connectionUrl, sql) {
  let pg;
  try {
    pg = createRequire(join(ROOT, 'package.json'))('pg');
  } catch {
    throw new HeraldError('neither psql nor the pg package is available to talk to PostgreSQL', `${aptHint(['postgresql-client'])}, or run npm install`);
  }
  const client = new pg.Client({ connectionString: connectionUrl, connectionTimeoutMillis: 5000 });
  client.on('error', () => {}); // a dropped connection is reported by the failing query instead
  try {
    await client.connect();
    const result = await client.query(sql);
    return { ok: true, output: result.rows.map((row) => Object.values(row).join('|')).join('\n') };
  } catch (error) {
    return { ok: false, error: `${error.code ? `${error.code}: ` : ''}${error.message}` };
  } finally {
    await client.end().catch(() => {});
  }
}

function query(connectionUrl, sql) {
  const psql = which('psql');
  return psql ? queryWithPsql(psql, connectionUrl, sql) : queryWithPg(connectionUrl, sql);
}

/** Sort a failed connection attempt into what we can act on. */
function classify(error) {
  if (/password authentication failed|no password supplied|client password must be a string|SASL|28P01/i.test(error)) return 'auth';
  if (/role .* does not exist/i.test(error)) return 'no-role';
  if (/starting up|shutting down|recovery|refused|could not connect|timeout|ETIMEDOUT|ECONNRESET|terminat/i.test(error)) return 'not-ready';
  return 'other';
}

async function waitUntilReady(target) {
  return waitFor(
    async () => {
      const result = await query(target.adminUrl, 'select 1');
      return { ...result, ready: result.ok || classify(result.error) !== 'not-ready' };
    },
    { timeoutMs: READY_TIMEOUT_MS, intervalMs: 500 },
  );
}

function connectionError(target, error) {
  switch (classify(error)) {
    case 'auth':
      return new HeraldError(
        `PostgreSQL at ${target.host}:${target.port} refused the ${target.user} role without a password:\n    ${error}`,
        `put the password in DATABASE_URL (postgres://${target.user}:PASSWORD@${target.host}:${target.port}/${target.database}),\n` +
          `or allow it in pg_hba.conf: "host all ${target.user} 127.0.0.1/32 trust", then reload PostgreSQL`,
      );
    case 'no-role':
      return new HeraldError(`PostgreSQL has no role "${target.user}":\n    ${error}`, `createuser --superuser ${target.user}  (as the postgres OS user), or use postgres in DATABASE_URL`);
    case 'not-ready':
      return new HeraldError(
        `PostgreSQL at ${target.host}:${target.port} was not ready within ${READY_TIMEOUT_MS / 1000}s:\n    ${error}`,
        'check the server log (Debian: /var/log/postgresql/), then re-run',
      );
    default:
      return new HeraldError(`cannot use PostgreSQL at ${target.display}:\n    ${error}`, 'check DATABASE_URL and the server log (Debian: /var/log/postgresql/)');
  }
}

async function ensureDatabase(target) {
  if (target.database === 'postgres') return;
  const literal = target.database.replaceAll("'", "''");
  const exists = await query(target.adminUrl, `select 1 from pg_database where datname = '${literal}'`);
  if (!exists.ok) throw connectionError(target, exists.error);
  if (exists.output === '1') {
    info(`database "${target.database}" exists`);
    return;
  }
  const created = await query(target.adminUrl, `create database "${target.database.replaceAll('"', '""')}"`);
  // "already exists": a concurrent run created it between our check and our create.
  if (!created.ok && !/already exists/i.test(created.error)) {
    throw new HeraldError(
      `could not create database "${target.database}":\n    ${created.error}`,
      `create it yourself: createdb -h ${target.host} -p ${target.port} -U ${target.user} ${target.database}  (or grant the role CREATEDB)`,
    );
  }
  info(`created database "${target.database}"`);
}

export async function ensurePostgres(env) {
  const target = parseDatabaseUrl(env.DATABASE_URL);
  let startedCluster = null;
  const unreachable = await tcpProbe(target.host, target.port);
  if (unreachable) {
    if (!isLocalHost(target.host)) {
      throw new HeraldError(`PostgreSQL is not reachable at ${target.host}:${target.port} (${unreachable})`, 'start that server, or unset DATABASE_URL to use a local one that this script starts');
    }
    info(`PostgreSQL is not running at ${target.host}:${target.port} (${unreachable})`);
    startedCluster = await startLocalCluster(target);
  }
  let result = await waitUntilReady(target);
  if (!result.ok && startedCluster && !target.hasPassword && classify(result.error) === 'auth') {
    if (await trustLoopback(startedCluster, target)) result = await waitUntilReady(target);
  }
  if (!result.ok) throw connectionError(target, result.error);
  const version = await query(target.adminUrl, 'show server_version');
  info(`PostgreSQL ${version.ok ? version.output.split(' ')[0] : ''} at ${target.host}:${target.port} as ${target.user}`);
  await ensureDatabase(target);
}
