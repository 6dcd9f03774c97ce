// NATS with JetStream: check it, and start (installing if need be) a local one when absent.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { aptInstall } from './apt.mjs';
import { ROOT, aptHint, canUseApt, heraldDir, isLocalHost, which } from './host.mjs';
import { bareHost, probeNats, waitFor } from './net.mjs';
import { tail } from './proc.mjs';
import { HeraldError, info } from './ui.mjs';

/** NATS_URL may list several servers ("nats://a:4222,nats://b:4222"); the first one is checked. */
export function parseNatsUrl(natsUrl) {
  const first = natsUrl.split(',')[0].trim();
  let url;
  try {
    url = new URL(first.includes('://') ? first : `nats://${first}`);
  } catch {
    throw new HeraldError(`NATS_URL is not a valid URL: ${JSON.stringify(natsUrl)}`, 'set NATS_URL like nats://127.0.0.1:4222, or unset it');
  }
  return { display: `${url.protocol}//${url.host}`, host: bareHost(url.hostname), port: Number(url.port || 4222) };
}

function requireJetStream(serverInfo, target) {
  if (serverInfo.jetstream === true) {
    info(`NATS ${serverInfo.version ?? ''} with JetStream at ${target.display}`);
    return;
  }
  throw new HeraldError(
    `NATS at ${target.display} is running without JetStream, which Herald needs`,
    'restart it with JetStream on: `nats-server -js …`, or add `jetstream {}` to its config\n' +
      '(Debian service: add `jetstream {}` to /etc/nats-server.conf, then `systemctl restart nats-server`)',
  );
}

async function findOrInstallNatsServer(target) {
  const existing = which('nats-server');
  if (existing) return existing;
  if (!canUseApt()) {
    throw new HeraldError(
      `NATS is not reachable at ${target.display} and nats-server is not installed`,
      `${aptHint(['nats-server'])}   (or run a NATS server with JetStream yourself and set NATS_URL)`,
    );
  }
  info('nats-server is not installed; installing the Debian package');
  await aptInstall(['nats-server']);
  const installed = which('nats-server');
  if (!installed) throw new HeraldError('apt installed nats-server but no nats-server binary was found', 'dpkg -L nats-server');
  return installed;
}

/**
 * Start nats-server in its own session with output to a file, so it outlives this script
 * (the next `npm start` finds it already up) and never holds our stdout open.
 */
function startNatsServer(binary, target) {
  const storeDir = heraldDir('nats');
  mkdirSync(storeDir, { recursive: true });
  const logFile = heraldDir('nats-server.log');
  const fd = openSync(logFile, 'a');
  const host = target.host === 'localhost' ? '127.0.0.1' : target.host;
  const args = ['-a', host, '-p', String(target.port), '-js', '-sd', storeDir];
  const child = spawn(binary, args, { cwd: ROOT, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.unref();
  writeFileSync(heraldDir('nats-server.pid'), `${child.pid}\n`);
  info(`started ${binary} ${args.join(' ')} (pid ${child.pid}, log ${relative(ROOT, logFile)}; stop it with: kill ${child.pid})`);
  return { child, logFile };
}

export async function ensureNats(env) {
  const target = parseNatsUrl(env.NATS_URL);
  const probe = await probeNats(target.host, target.port);
  if (probe.state === 'up') return requireJetStream(probe.info, target);
  if (probe.state === 'not-nats') {
    throw new HeraldError(
      `something is listening at ${target.host}:${target.port}, but it is not a NATS server (${probe.detail})`,
      `free port ${target.port}, or point NATS_URL at your NATS server`,
    );
  }
  if (!isLocalHost(target.host)) {
    throw new HeraldError(`NATS is not reachable at ${target.display} (${probe.error})`, 'start that server, or unset NATS_URL to use a local one that this script starts');
  }
  info(`NATS is not running at ${target.display} (${probe.error})`);
  const binary = await findOrInstallNatsServer(target);
  const { child, logFile } = startNatsServer(binary, target);
  let exited = null;
  child.once('exit', (code) => (exited = code));
  const result = await waitFor(
    async () => {
      // Probe first: if a concurrent run started NATS on this port, ours exits but NATS is up.
      const probe = await probeNats(target.host, target.port);
      return { ...probe, ready: probe.state === 'up' || exited !== null };
    },
    { timeoutMs: 30_000, intervalMs: 200 },
  );
  if (result.state === 'up') return requireJetStream(result.info, target);
  throw new HeraldError(
    exited !== null ? `nats-server exited straight away (code ${exited}):\n${tail(readFileSync(logFile, 'utf8'))}` : `nats-server did not answer at ${target.display} within 30s`,
    `see ${relative(ROOT, logFile)}; try running by hand: nats-server -a 127.0.0.1 -p ${target.port} -js`,
  );
}
