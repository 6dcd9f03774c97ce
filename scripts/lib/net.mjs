// Small network probes built on node:net, so no client library is needed before npm install.
import { connect } from 'node:net';

/** Strip IPv6 brackets that URL.hostname keeps ("[::1]" → "::1"). */
export function bareHost(hostname) {
  return hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
}

/** Resolve to null when host:port accepts a TCP connection, else to the error code (ECONNREFUSED, TIMEOUT…). */
export function tcpProbe(host, port, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const socket = connect({ host: bareHost(host), port });
    const done = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done('TIMEOUT'));
    socket.once('connect', () => done(null));
    socket.once('error', (error) => done(error.code ?? error.message));
  });
}

/**
 * A NATS server greets every client with `INFO {json}\r\n` before anything else, so reading
 * that first line tells us both that NATS is there and whether JetStream is on.
 * Resolves to { state: 'up', info } | { state: 'down', error } | { state: 'not-nats', detail }.
 */
export function probeNats(host, port, timeoutMs = 3000) {
  return new Promise((resolve) => {
    const socket = connect({ host: bareHost(host), port });
    let buffer = '';
    const done = (result) => {
      socket.destroy();
      resolve(result);
    };
    let connected = false;
    socket.once('connect', () => (connected = true));
    socket.setTimeout(timeoutMs, () =>
      done(connected ? { state: 'not-nats', detail: `no INFO line within ${timeoutMs}ms` } : { state: 'down', error: 'TIMEOUT' }),
    );
    socket.once('error', (error) => done({ state: 'down', error: error.code ?? error.message }));
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      const end = buffer.indexOf('\r\n');
      if (end === -1 && buffer.length < 64 * 1024) return;
      const line = end === -1 ? buffer : buffer.slice(0, end);
      if (!line.startsWith('INFO ')) return done({ state: 'not-nats', detail: `first line was ${JSON.stringify(line.slice(0, 80))}` });
      try {
        done({ state: 'up', info: JSON.parse(line.slice(5)) });
      } catch {
        done({ state: 'not-nats', detail: 'INFO line is not valid JSON' });
      }
    });
  });
}

/** Poll `check` (resolving truthy when ready) every `intervalMs` until `timeoutMs`; returns the last result. */
export async function waitFor(check, { timeoutMs = 60_000, intervalMs = 500 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result.ready || Date.now() >= deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
