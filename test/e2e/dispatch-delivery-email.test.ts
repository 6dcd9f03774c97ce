import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { DeliveryJobs } from '../support/delivery-jobs.js';
import { HeraldStack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

/* E-mail receivers against a real SMTP server (smtp-server) on loopback. */

interface Mail {
  from: string;
  to: string[];
  raw: string;
}

interface Part {
  headers: Record<string, string>;
  body: string;
}

/** Headers of a MIME entity (unfolded, lower-case names) and its body. */
function entity(text: string): Part {
  const split = text.indexOf('\r\n\r\n');
  const head = text.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body: text.slice(split + 4) };
}

function decode(part: Part): string {
  const encoding = (part.headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = part.body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return part.body;
}

/** The text/plain and text/html parts of a multipart/alternative message. */
function alternatives(raw: string): { headers: Record<string, string>; text: string; html: string } {
  const message = entity(raw);
  const boundary = /boundary="?([^";]+)"?/.exec(message.headers['content-type'] ?? '')?.[1];
  assert.ok(boundary, `multipart message expected, got ${message.headers['content-type']}`);
  const parts = message.body.split(`--${boundary}`).slice(1, -1).map((p) => entity(p.replace(/^\r\n/, '')));
  const of = (type: string) => parts.find((p) => (p.headers['content-type'] ?? '').startsWith(type));
  const text = of('text/plain');
  const html = of('text/html');
  assert.ok(text && html, 'both a text and an HTML part');
  return { headers: message.headers, text: decode(text), html: decode(html) };
}

describe('dispatch delivery: e-mail over SMTP', () => {
  let stack: HeraldStack;
  let jobs: DeliveryJobs;
  const mails: Mail[] = [];
  let transientLeft = 1;
  const rcpt = (session: SMTPServerSession) => session.envelope.rcptTo.map((a) => a.address);

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address === 'nobody@example.com') return callback(Object.assign(new Error('No such user'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = rcpt(session);
        if (to.includes('rejects@example.com')) return callback(Object.assign(new Error('Message refused'), { responseCode: 554 }));
        if (to.includes('busy@example.com') && transientLeft > 0) {
          transientLeft -= 1;
          return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
        }
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to, raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });

  before(async () => {
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    const mailbox = (id: string, to: string[], cc: string[] = []) => `
    - id: ${id}
      name: ${id}
      channel: email
      settings:
        to: [${to.join(', ')}]${cc.length ? `\n        cc: [${cc.join(', ')}]` : ''}
        from: "Herald <herald@example.com>"
      retry: { kind: fixed, initialDelayMs: 200, maxDelayMs: 200, maxAttempts: 3, jitter: 0 }`;
    stack = await HeraldStack.start({
      services: ['dispatch'],
      env: { SMTP_URL: `smtp://127.0.0.1:${port}`, HERALD_PUBLIC_URL: 'https://herald.example.com' },
      config: `
dispatch:
  receivers:${mailbox('oncall-mail', ['oncall@example.com', 'lead@example.com'], ['audit@example.com'])}${mailbox('busy-mail', ['busy@example.com'])}${mailbox(
        'refused-mail',
        ['rejects@example.com'],
      )}${mailbox('partly-mail', ['someone@example.com', 'nobody@example.com'])}
`,
    });
    jobs = await DeliveryJobs.connect(stack);
  });

  after(async () => {
    await jobs?.close();
    await stack?.stop();
    await stack?.cleanup();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('sends one message to every recipient (to and cc) with a text and an HTML body', async () => {
    const job = await jobs.send('oncall-mail', 'email', { alertname: 'DiskFull', instance: 'db-1' });
    await waitFor(async () => (await jobs.delivery(job.id))?.status === 'delivered', 'the mail to be delivered');
    const mail = mails.find((m) => m.to.includes('oncall@example.com'));
    assert.ok(mail);
    assert.equal(mails.filter((m) => m.to.includes('oncall@example.com')).length, 1, 'one SMTP transaction for all recipients');
    assert.deepEqual([...mail.to].sort(), ['audit@example.com', 'lead@example.com', 'oncall@example.com']);
    assert.equal(mail.from, 'herald@example.com');
    const { headers, text, html } = alternatives(mail.raw);
    assert.match(headers['content-type'] ?? '', /^multipart\/alternative/);
    assert.match(headers['to'] ?? '', /oncall@example\.com.*lead@example\.com|lead@example\.com.*oncall@example\.com/);
    assert.match(headers['cc'] ?? '', /audit@example\.com/);
    assert.match(headers['subject'] ?? '', /Disk almost full on db-1/);
    assert.match(text, /Disk almost full on db-1/);
    assert.match(html, /<html|<table|<p/i);
    assert.match(html, /Disk almost full on db-1/);
    assert.match(html, new RegExp(`https://herald\\.example\\.com/incidents/${job.message.incident.id}`));

    const [attempt] = await jobs.attempts(job.id);
    assert.equal(attempt!.status_class, '2xx');
    assert.equal((attempt!.request as { kind: string; to: string[] }).kind, 'email');
    assert.deepEqual((attempt!.request as { to: string[] }).to, ['oncall@example.com', 'lead@example.com']);
    assert.match(attempt!.response_excerpt ?? '', /^250/);
  });

  it('a transient SMTP refusal (451) is retried and then delivered', async () => {
    const job = await jobs.send('busy-mail', 'email');
    await waitFor(async () => (await jobs.delivery(job.id))?.status === 'delivered', 'delivery on the retry');
    assert.deepEqual((await jobs.attempts(job.id)).map((a) => [a.outcome, a.status_class]), [['retrying', '5xx'], ['delivered', '2xx']]);
    assert.equal(mails.filter((m) => m.to.includes('busy@example.com')).length, 1);
  });

  it('a permanent SMTP refusal (554) fails at once, without retries', async () => {
    const job = await jobs.send('refused-mail', 'email');
    await waitFor(async () => (await jobs.delivery(job.id))?.status === 'failed', 'the job to fail');
    const attempts = await jobs.attempts(job.id);
    assert.equal(attempts.length, 1);
    assert.equal(attempts[0]!.status_class, '4xx');
    assert.match(attempts[0]!.error_detail ?? '', /Message refused/);
  });

  it('a recipient refused at RCPT does not stop the mail to the others, and the log names it', async () => {
    const job = await jobs.send('partly-mail', 'email');
    await waitFor(async () => (await jobs.delivery(job.id))?.status === 'delivered', 'delivery to the accepted recipient');
    const mail = mails.find((m) => m.to.includes('someone@example.com'));
    assert.deepEqual(mail?.to, ['someone@example.com']);
    assert.match((await jobs.attempts(job.id))[0]!.response_excerpt ?? '', /refused: nobody@example\.com/);
  });
});
