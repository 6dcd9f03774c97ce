// A local PostgreSQL on Debian (postgresql-common): install it, find or create the cluster for
// the port Herald uses, start it, and let the postgres role in over loopback.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aptInstall } from './apt.mjs';
import { aptHint, canUseApt, heraldDir, isRoot, which } from './host.mjs';
import { capture, runToLog, tail } from './proc.mjs';
import { HeraldError, info, warn } from './ui.mjs';

/** `pg_lsclusters -h` lines: "15 main 5432 online postgres /var/lib/… /var/log/…". */
async function listClusters() {
  const { code, stdout } = await capture(which('pg_lsclusters'), ['-h']);
  if (code !== 0) return [];
  return stdout
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const [version, name, port, status] = line.trim().split(/\s+/);
      return { version, name, port: Number(port), status, id: `${version}/${name}` };
    });
}

/** The newest installed server version, for creating a cluster when none exists. */
function newestServerVersion() {
  const dir = '/usr/lib/postgresql';
  if (!existsSync(dir)) return null;
  const versions = readdirSync(dir).filter((v) => existsSync(join(dir, v, 'bin', 'postgres')));
  return versions.sort((a, b) => Number(b) - Number(a))[0] ?? null;
}

async function pgctl(args, what) {
  const log = heraldDir('postgres-setup.log');
  const { code, output } = await runToLog(which(args[0]), args.slice(1), log);
  if (code !== 0) {
    throw new HeraldError(`${what} failed (exit ${code}):\n${tail(output)}`, `${isRoot() ? '' : 'sudo '}${args.join(' ')}   (output also in .herald/postgres-setup.log)`);
  }
}

async function ensureServerInstalled(target) {
  if (which('pg_lsclusters') && which('pg_ctlcluster')) return;
  if (!canUseApt()) {
    throw new HeraldError(
      `PostgreSQL is not reachable at ${target.host}:${target.port} and is not installed`,
      `${aptHint(['postgresql'])}   (or run PostgreSQL yourself and set DATABASE_URL)`,
    );
  }
  info('PostgreSQL is not installed; installing the Debian package');
  await aptInstall(['postgresql']);
}

/** Find (or create) the cluster for the target port and start it. Returns the cluster started. */
export async function startLocalCluster(target) {
  await ensureServerInstalled(target);
  let clusters = await listClusters();
  if (clusters.length === 0) {
    // Installed, but no cluster (postinst skipped it, or it was dropped): create one as postinst would.
    const version = newestServerVersion();
    if (!version) throw new HeraldError('PostgreSQL client tools are installed but no server is', aptHint(['postgresql']));
    info(`no PostgreSQL cluster exists; creating ${version}/main on port ${target.port}`);
    await pgctl(['pg_createcluster', version, 'main', '--port', String(target.port)], 'creating the cluster');
    clusters = await listClusters();
  }
  const cluster = clusters.find((c) => c.port === target.port);
  if (!cluster) {
    const found = clusters.map((c) => `${c.id} on port ${c.port}`).join(', ');
    throw new HeraldError(
      `no PostgreSQL cluster is configured for port ${target.port} (found: ${found})`,
      'set DATABASE_URL to one of those ports, or create a cluster: pg_createcluster <version> main --port ' + target.port,
    );
  }
  if (cluster.status.startsWith('online')) {
    throw new HeraldError(
      `PostgreSQL cluster ${cluster.id} is running but does not accept TCP connections on ${target.host}:${target.port}`,
      `check listen_addresses in /etc/postgresql/${cluster.version}/${cluster.name}/postgresql.conf, then: pg_ctlcluster ${cluster.version} ${cluster.name} restart`,
    );
  }
  info(`starting PostgreSQL cluster ${cluster.id}: pg_ctlcluster ${cluster.version} ${cluster.name} start`);
  await pgctl(['pg_ctlcluster', cluster.version, cluster.name, 'start'], `starting PostgreSQL cluster ${cluster.id}`);
  return cluster;
}

/** pg_hba.conf addresses matching the host Herald connects to. */
function loopbackAddresses(host) {
  if (host === '::1') return ['::1/128'];
  if (host === 'localhost') return ['127.0.0.1/32', '::1/128'];
  return ['127.0.0.1/32'];
}

/**
 * Debian's pg_hba.conf asks for a password (scram) on TCP, and a fresh `postgres` role has none.
 * For a cluster this script just started, let that role in over loopback without a password.
 * Lines are put first because pg_hba.conf is matched top to bottom.
 */
export async function trustLoopback(cluster, target) {
  const hbaFile = `/etc/postgresql/${cluster.version}/${cluster.name}/pg_hba.conf`;
  if (!existsSync(hbaFile)) return false;
  const current = readFileSync(hbaFile, 'utf8');
  const lines = loopbackAddresses(target.host)
    .map((address) => `host all ${target.user} ${address} trust`)
    .filter((line) => !current.split('\n').some((existing) => existing.trim().split(/\s+/).join(' ') === line));
  if (lines.length === 0) return false;
  const header = '# Added by Herald scripts/herald.mjs: local development, passwordless TCP on loopback.';
  writeFileSync(hbaFile, `${header}\n${lines.join('\n')}\n${current}`);
  for (const line of lines) warn(`added "${line}" to ${hbaFile} so the ${target.user} role can connect without a password`);
  await pgctl(['pg_ctlcluster', cluster.version, cluster.name, 'reload'], 'reloading the PostgreSQL configuration');
  return true;
}
