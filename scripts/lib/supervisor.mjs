// `npm start`: run the five services and the gateway as child processes with readable, prefixed logs,
// and stop them all together.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from './host.mjs';
import { formatLogLine } from './logfmt.mjs';
import { startDemoReceiver } from './demo-receiver.mjs';
import { consoleUrl, DEMO_RECEIVER, DEV_ADMIN_TOKEN, SERVICES, serviceEnv } from './services.mjs';
import { HeraldError, paint, warn } from './ui.mjs';

const STOP_GRACE_MS = 15_000;
const NAME_WIDTH = Math.max(...SERVICES.map((s) => s.name.length)) + 2;

function checkBuilt() {
  const missing = SERVICES.filter((s) => !existsSync(join(ROOT, s.entry))).map((s) => s.entry);
  if (missing.length > 0) {
    throw new HeraldError(`the build did not produce ${missing.join(', ')}`, 'each app needs src/main.ts; run `npm run build` and check its output');
  }
}

function portInUse(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error) => resolve(error.code === 'EADDRINUSE'));
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(false)));
  });
}

/** A taken port would make one service crash at once; say which and why before starting any. */
async function checkPortsFree(env) {
  const busy = [];
  for (const service of SERVICES) {
    const port = Number(serviceEnv(service, env).PORT);
    if (await portInUse(port)) busy.push(`${port} (${service.name})`);
  }
  if (busy.length > 0) {
    throw new HeraldError(
      `port ${busy.join(', ')} already in use — is Herald already running?`,
      'stop the other process (see: ss -ltnp), or choose other ports, e.g. INGESTION_PORT=9080 npm start',
    );
  }
}

/** A function that writes lines under `[name]`, in the service's colour on a terminal. */
function printer(service, out) {
  const prefix = paint(service.colour, `[${service.name}]`.padEnd(NAME_WIDTH), out);
  return (text) => {
    for (const line of text.split('\n')) out.write(`${prefix} ${line}\n`);
  };
}

/** Print each line of a child's stream with the service's prefix, pino JSON made readable. */
function pipeLines(stream, service, out) {
  const print = printer(service, out);
  const colour = (c, text) => paint(c, text, out);
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => print(formatLogLine(line, { paint: colour, service: service.name })));
}

function startService(service, env) {
  // Own process group: a terminal Ctrl-C reaches only us, and we stop the services in order
  // (SIGTERM, grace period, SIGKILL) instead of all of them racing on SIGINT.
  const child = spawn(process.execPath, [service.entry], {
    cwd: ROOT,
    env: serviceEnv(service, env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  pipeLines(child.stdout, service, process.stdout);
  pipeLines(child.stderr, service, process.stderr);
  return child;
}

function describeExit(code, signal) {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

/** Runs until the services stop; resolves to the exit code for this process. */
export async function runServices(env) {
  checkBuilt();
  await checkPortsFree(env);
  if (!env.HERALD_ADMIN_TOKEN) warn(`HERALD_ADMIN_TOKEN is not set: using "${DEV_ADMIN_TOKEN}" — fine on your machine, never anywhere else`);
  if (!env.HERALD_SECRETS_KEY) {
    warn('HERALD_SECRETS_KEY is not set: credentials in the local database are sealed with a fixed development key — fine on your machine, never anywhere else (make one with `openssl rand -base64 32`)');
  }

  // The config the services get decides what the demo receiver is sent (and signed with).
  const receiver = await startDemoReceiver(serviceEnv(SERVICES[0], env).HERALD_CONFIG_FILE, printer(DEMO_RECEIVER, process.stdout));

  const running = new Map();
  let stopping = false;
  let exitCode = 0;
  let killTimer;
  let finished;
  const allStopped = new Promise((resolve) => (finished = resolve));

  const stopAll = (reason) => {
    if (stopping) return;
    stopping = true;
    console.log(paint('bold', `▸ stopping services (${reason})`));
    for (const child of running.values()) child.kill('SIGTERM');
    killTimer = setTimeout(() => {
      for (const [name, child] of running) {
        console.log(`[${name}] did not stop within ${STOP_GRACE_MS / 1000}s; sending SIGKILL`);
        child.kill('SIGKILL');
      }
    }, STOP_GRACE_MS);
  };

  const onSignal = (signal) => {
    if (!stopping) return stopAll(signal === 'SIGINT' ? 'Ctrl-C' : signal);
    // A second Ctrl-C: the user does not want to wait for the grace period.
    console.log('stopping now (SIGKILL)');
    for (const child of running.values()) child.kill('SIGKILL');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Last resort if this script itself dies: never leave detached services behind.
  const killLeftovers = () => {
    for (const child of running.values()) child.kill('SIGKILL');
  };
  process.on('exit', killLeftovers);

  for (const service of SERVICES) {
    const child = startService(service, env);
    running.set(service.name, child);
    const onGone = (code, signal, error) => {
      if (!running.has(service.name)) return;
      running.delete(service.name);
      if (!stopping) {
        console.log(paint('red', `[${service.name}] ${error ? `could not start: ${error.message}` : describeExit(code, signal)} unexpectedly — stopping the others`));
        exitCode = 1;
        stopAll(`${service.name} stopped`);
      }
      if (running.size === 0) finished();
    };
    // 'close', not 'exit': it comes after the last output lines, so a crash's last words print first.
    child.once('close', (code, signal) => onGone(code, signal));
    child.once('error', (error) => onGone(null, null, error));
  }

  const urls = SERVICES.map((s) => `${s.name} :${serviceEnv(s, env).PORT}`).join(', ');
  console.log(paint('bold', `▸ Herald is starting on http://127.0.0.1 — ${urls}`));
  const token = serviceEnv(SERVICES[0], env).HERALD_ADMIN_TOKEN;
  console.log(paint('bold', `▸ console: ${consoleUrl(env)}/`) + `  (sign in with ${token === DEV_ADMIN_TOKEN ? `the token ${DEV_ADMIN_TOKEN}` : 'HERALD_ADMIN_TOKEN'})`);
  console.log('  press Ctrl-C to stop');

  await allStopped;
  clearTimeout(killTimer);
  receiver?.closeAllConnections();
  receiver?.close();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.off('exit', killLeftovers);
  if (exitCode === 0) console.log('all services stopped');
  return exitCode;
}
