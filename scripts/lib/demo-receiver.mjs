// The demo webhook receiver of `npm start` (deploy/local/herald.yaml routes every incident to it):
// prints each notification and whether its Standard Webhooks signature checks out, so a newcomer
// sees an alert arrive end to end without any outside service.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './host.mjs';
import { DEMO_RECEIVER } from './services.mjs';

/**
 * The signing secrets the config file gives receivers pointing at us. Read with the workspace's
 * `yaml` package: `npm start` only gets here after the dependencies step installed it.
 */
function signingSecrets(configFile) {
  try {
    const { parse } = createRequire(join(ROOT, 'package.json'))('yaml');
    const receivers = parse(readFileSync(configFile, 'utf8'))?.dispatch?.receivers ?? [];
    return receivers
      .filter((r) => String(r?.settings?.url ?? '').includes(`:${DEMO_RECEIVER.port}/`))
      .flatMap((r) => r.settings?.signing?.secrets ?? []);
  } catch {
    return [];
  }
}

/** Standard Webhooks: v1 = base64(HMAC-SHA256(secret, `${id}.${timestamp}.${body}`)). */
function verify(headers, body, secrets) {
  const { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature } = headers;
  if (!signature) return 'unsigned';
  if (secrets.length === 0) return 'signed (no secret to check it with)';
  const given = signature.split(' ').filter((s) => s.startsWith('v1,')).map((s) => Buffer.from(s.slice(3), 'base64'));
  for (const secret of secrets) {
    const key = Buffer.from(String(secret).replace(/^whsec_/, ''), 'base64');
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
    if (given.some((g) => g.length === expected.length && timingSafeEqual(g, expected))) return 'signature valid';
  }
  return 'SIGNATURE INVALID';
}

function describe(body) {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/**
 * Start the receiver; `print(line)` writes one prefixed line. Resolves to the server, or to null
 * (after saying why) when the port is taken: the demo is a nicety, never a reason not to start.
 */
export function startDemoReceiver(configFile, print) {
  const secrets = configFile && existsSync(configFile) ? signingSecrets(configFile) : [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const event = request.headers['webhook-id'] ? ` webhook-id=${request.headers['webhook-id']}` : '';
      print(`${request.method} ${request.url}${event} — ${verify(request.headers, body, secrets)}`);
      for (const line of describe(body).split('\n')) print(`  ${line}`);
      response.writeHead(204).end();
    });
  });
  return new Promise((resolve) => {
    server.once('error', (error) => {
      print(`not started: 127.0.0.1:${DEMO_RECEIVER.port} ${error.code === 'EADDRINUSE' ? 'is in use' : error.message}`);
      resolve(null);
    });
    server.listen(DEMO_RECEIVER.port, '127.0.0.1', () => {
      print(`listening on http://127.0.0.1:${DEMO_RECEIVER.port} (prints every notification it receives)`);
      resolve(server);
    });
  });
}
