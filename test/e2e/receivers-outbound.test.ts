import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { DeliveryJobs } from '../support/delivery-jobs.js';
import { TestReceiver } from '../support/receiver.js';
import { apiCaller } from '../support/api.js';
import { HeraldStack, tearDown } from '../support/stack.js';
import { makeTestPki, TestHttpsReceiver } from '../support/tls.js';
import { waitFor } from '../support/wait.js';

/*
 * Per-receiver outbound settings (issue 12, seeds 001 and 004) against the running dispatch
 * service: plain http:// only inside DISPATCH_ALLOW_CIDRS, a request timeout of the receiver's
 * own, a CA bundle of its own (a real HTTPS server with a CA made by openssl here), its own
 * SMTP server with credentials and STARTTLS, and file-declared secrets from the environment
 * and from files.
 */

const TOKEN = 'e2e-admin-token-outbound-01';
const HOOK_TOKEN = 'bearer-from-the-environment';
const HMAC_SECRET = 'hmac-secret-from-a-file-0123';
const SMTP_USER = 'herald-mailer';
const SMTP_PASSWORD = 'smtp-password-of-the-receiver';

interface Mail {
  user: string | undefined;
  secure: boolean;
  to: string[];
}

describe('per-receiver outbound settings through the running dispatch service', () => {
  const pki = makeTestPki();
  const plain = new TestReceiver((request) => ({ status: 200, delayMs: request.path === '/slow' ? 2_500 : 0 }));
  const tls = new TestHttpsReceiver(pki);
  const mails: Mail[] = [];
  const smtp = new SMTPServer({
    key: pki.keyPem,
    cert: pki.certPem,
    logger: false,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) return callback(null, { user: auth.username });
      callback(Object.assign(new Error('Invalid credentials'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        mails.push({ user: typeof session.user === 'string' ? session.user : undefined, secure: session.secure, to: session.envelope.rcptTo.map((a) => a.address) });
        callback();
      });
    },
  });
  let smtpPort = 0;
  let stack: HeraldStack;
  let jobs: DeliveryJobs;
  const dir = mkdtempSync(join(tmpdir(), 'herald-outbound-'));

  const call = apiCaller((path) => stack.url('dispatch', path), TOKEN);
  const count = async (): Promise<number> => Number((await call('GET', '/v1/receivers')).body.total);

  /** The file's receiver: its bearer token from the environment, its HMAC secret and CA bundle from files. */
  const fileConfig = (): string => `
dispatch:
  receivers:
    - id: from-file
      name: From the file
      channel: webhook
      tls: { caFile: ${join(dir, 'ca.pem')} }
      settings:
        url: "${tls.url('/from-file')}"
        auth: { type: bearer, tokenEnv: E2E_HOOK_TOKEN }
        signing: { hmac: { secretFile: ${join(dir, 'hmac-secret')}, header: X-Signature } }
`;

  before(async () => {
    await plain.start();
    await tls.start();
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpPort = (smtp.server.address() as AddressInfo).port;
    writeFileSync(join(dir, 'hmac-secret'), `${HMAC_SECRET}\n`);
    writeFileSync(join(dir, 'ca.pem'), pki.caPem);
    stack = await HeraldStack.start({
      services: ['dispatch'],
      // SMTP_URL points nowhere: a receiver with its own server must not need it.
      env: { HERALD_ADMIN_TOKEN: TOKEN, DISPATCH_ALLOW_CIDRS: '127.0.0.0/8', SMTP_URL: 'smtp://127.0.0.1:9', E2E_HOOK_TOKEN: HOOK_TOKEN },
      config: fileConfig(),
    });
    jobs = await DeliveryJobs.connect(stack);
  });

  after(async () => {
    await tearDown(stack, [jobs], [plain, tls]);
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  describe('plain http:// (seed 001: HTTPS only)', () => {
    it('is refused on create and on update outside DISPATCH_ALLOW_CIDRS, naming settings.url, and nothing changes', async () => {
      const before = await count();
      const refused = await call('POST', '/v1/receivers', { name: 'Public plain', channel: 'webhook', settings: { url: 'http://93.184.216.34/hook' } });
      assert.equal(refused.status, 400, refused.text);
      assert.match(refused.text, /settings\.url/);
      assert.match(refused.text, /DISPATCH_ALLOW_CIDRS; use https/);
      assert.equal(await count(), before);

      const inside = await call('POST', '/v1/receivers', { id: 'plain-inside', name: 'Loopback plain', channel: 'webhook', settings: { url: plain.url('/plain') } });
      assert.equal(inside.status, 201, inside.text);
      const patched = await call('PATCH', '/v1/receivers/plain-inside', { settings: { url: 'http://93.184.216.34/hook' } });
      assert.equal(patched.status, 400, patched.text);
      assert.match(patched.text, /settings\.url/);
      assert.equal(((await call('GET', '/v1/receivers/plain-inside')).body.settings as { url: string }).url, plain.url('/plain'), 'unchanged');
      const token = await call('POST', '/v1/receivers', {
        name: 'Plain token URL',
        channel: 'webhook',
        settings: { url: 'https://hooks.example.com/x', auth: { type: 'oauth2', tokenUrl: 'http://93.184.216.34/token', clientId: 'c', clientSecret: 's' } },
      });
      assert.equal(token.status, 400, token.text);
      assert.match(token.text, /settings\.auth\.tokenUrl/);
    });

    it('in the configuration file stops the start, naming the field, when DISPATCH_ALLOW_CIDRS does not cover it', async () => {
      const yaml = `dispatch:\n  receivers:\n    - { id: plain, name: Plain, channel: webhook, settings: { url: "${plain.url('/plain')}" } }\n`;
      await assert.rejects(HeraldStack.start({ services: ['dispatch'], config: yaml }), /dispatch\.receivers\.0\.settings\.url: plain http:\/\/ is allowed only to addresses in DISPATCH_ALLOW_CIDRS/);
    });
  });

  describe('request timeout per receiver (seed 004: timeout=30, timeout=60)', () => {
    it('accepts 30 and 60 seconds and refuses what is not a whole number of seconds from 1 to 300, naming timeoutSeconds', async () => {
      for (const timeoutSeconds of [30, 60]) {
        const created = await call('POST', '/v1/receivers', { name: `Timeout ${timeoutSeconds}`, channel: 'webhook', timeoutSeconds, settings: { url: 'https://hooks.example.com/x' } });
        assert.equal(created.status, 201, created.text);
        assert.equal(created.body.timeoutSeconds, timeoutSeconds);
      }
      const before = await count();
      for (const timeoutSeconds of [0, 301, 2.5, '30']) {
        const refused = await call('POST', '/v1/receivers', { name: 'Bad timeout', channel: 'webhook', timeoutSeconds, settings: { url: 'https://hooks.example.com/x' } });
        assert.equal(refused.status, 400, `${String(timeoutSeconds)}: ${refused.text}`);
        assert.match(refused.text, /timeoutSeconds: must be/);
      }
      assert.equal(await count(), before);
    });

    it('the sender gives up at the receiver\'s own timeout (1 s against a 2.5 s answer) and waits longer when it is longer', async () => {
      const created = await call('POST', '/v1/receivers', { id: 'slow', name: 'Slow', channel: 'webhook', timeoutSeconds: 1, retry: { kind: 'fixed', initialDelayMs: 100, maxDelayMs: 100, maxAttempts: 1, jitter: 0 }, settings: { url: plain.url('/slow') } });
      assert.equal(created.status, 201, created.text);
      const job = await jobs.send('slow');
      await waitFor(async () => (await jobs.delivery(job.id))?.status === 'dead', 'the slow delivery to run out of attempts');
      const attempts = await jobs.attempts(job.id);
      assert.equal(attempts.length, 2);
      for (const attempt of attempts) {
        assert.equal(attempt.error_class, 'timeout');
        assert.ok(attempt.duration_ms >= 900 && attempt.duration_ms < 2_400, `ended at the receiver's 1 s, not the service's 10 s: ${attempt.duration_ms} ms`);
      }

      assert.equal((await call('PATCH', '/v1/receivers/slow', { timeoutSeconds: 5 })).status, 200);
      const tested = await call('POST', '/v1/receivers/slow/test');
      assert.equal(tested.body.outcome, 'delivered', tested.text);
      assert.ok(Number(tested.body.durationMs) >= 2_400);
    });
  });

  describe('CA bundle per receiver (HTTPS with a private CA)', () => {
    it('without it the server\'s certificate is refused; with it the delivery goes through', async () => {
      const created = await call('POST', '/v1/receivers', { id: 'private-ca', name: 'Private CA', channel: 'webhook', settings: { url: tls.url('/private-ca') } });
      assert.equal(created.status, 201, created.text);
      const untrusted = await call('POST', '/v1/receivers/private-ca/test');
      assert.deepEqual([untrusted.body.outcome, untrusted.body.errorClass], ['failed', 'tls'], untrusted.text);
      assert.equal(tls.requests.filter((r) => r.path === '/private-ca').length, 0);

      const patched = await call('PATCH', '/v1/receivers/private-ca', { tls: { ca: pki.caPem } });
      assert.equal(patched.status, 200, patched.text);
      assert.equal((patched.body.tls as { ca: string }).ca, pki.caPem, 'a CA bundle is not secret: shown as stored');
      const trusted = await call('POST', '/v1/receivers/private-ca/test');
      assert.equal(trusted.body.outcome, 'delivered', trusted.text);
      assert.equal(tls.requests.filter((r) => r.path === '/private-ca').length, 1);
    });

    it('refuses a bundle that holds no certificate, naming tls.ca', async () => {
      const refused = await call('PATCH', '/v1/receivers/private-ca', { tls: { ca: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' } });
      assert.equal(refused.status, 400, refused.text);
      assert.match(refused.text, /tls\.ca: certificate 1 of the bundle is not a valid X\.509 certificate/);
    });
  });

  describe('SMTP server per e-mail receiver', () => {
    const email = (password: string, ca?: string): Record<string, unknown> => ({
      name: 'Mail via its own server',
      channel: 'email',
      ...(ca ? { tls: { ca } } : {}),
      settings: { to: ['oncall@example.com'], from: 'Herald <herald@example.com>', smtp: { host: '127.0.0.1', port: smtpPort, requireTls: true, username: SMTP_USER, password } },
    });

    it('sends through the receiver\'s server with its credentials over STARTTLS (its CA), not SMTP_URL; the password is write-only', async () => {
      const created = await call('POST', '/v1/receivers', { id: 'own-smtp', ...email(SMTP_PASSWORD, pki.caPem) });
      assert.equal(created.status, 201, created.text);
      assert.equal(((created.body.settings as { smtp: { password: string } }).smtp).password, '********');
      assert.ok((created.body.secretFields as string[]).includes('settings.smtp.password'));
      const tested = await call('POST', '/v1/receivers/own-smtp/test');
      assert.equal(tested.body.outcome, 'delivered', tested.text);
      assert.deepEqual(mails.at(-1), { user: SMTP_USER, secure: true, to: ['oncall@example.com'] });
    });

    it('a wrong password is the server\'s refusal; without the CA the STARTTLS certificate is refused', async () => {
      const before = mails.length;
      assert.equal((await call('POST', '/v1/receivers', { id: 'bad-password', ...email('not-the-password', pki.caPem) })).status, 201);
      const refused = await call('POST', '/v1/receivers/bad-password/test');
      assert.equal(refused.body.outcome, 'failed', refused.text);
      assert.match(String(refused.body.errorDetail), /535|Invalid credentials|auth/i);
      assert.equal((await call('POST', '/v1/receivers', { id: 'no-ca', ...email(SMTP_PASSWORD) })).status, 201);
      const untrusted = await call('POST', '/v1/receivers/no-ca/test');
      assert.equal(untrusted.body.outcome, 'failed', untrusted.text);
      assert.match(String(untrusted.body.errorDetail), /certificate/i);
      assert.equal(mails.length, before);
    });
  });

  describe('secrets of file-declared receivers from the environment and from files (…Env, …File)', () => {
    it('the bearer token comes from E2E_HOOK_TOKEN, the HMAC secret and the CA bundle from files', async () => {
      const job = await jobs.send('from-file');
      await waitFor(async () => (await jobs.delivery(job.id))?.status === 'delivered', 'the file receiver to be delivered');
      const request = tls.requests.find((r) => r.path === '/from-file');
      assert.ok(request);
      assert.equal(request.headers.authorization, `Bearer ${HOOK_TOKEN}`);
      assert.equal(request.headers['x-signature'], createHmac('sha256', HMAC_SECRET).update(request.body).digest('hex'), 'signed with the file\'s secret, its trailing newline dropped');
      const shown = await call('GET', '/v1/receivers/from-file');
      assert.equal(((shown.body.settings as { auth: { token: string } }).auth).token, '********', 'stored and masked like any secret');
    });

    it('an unset variable stops the start, naming the key', async () => {
      await assert.rejects(HeraldStack.start({ services: ['dispatch'], env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8' }, config: fileConfig() }), /dispatch\.receivers\.0\.settings\.auth\.tokenEnv: environment variable E2E_HOOK_TOKEN is not set/);
    });
  });
});
