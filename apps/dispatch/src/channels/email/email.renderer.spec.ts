import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EVENT_ID, EVENT_TYPES, hugeInput, INCIDENT_ID, renderInput, SIGNING } from '../shared/testing.js';
import { type RenderInput, type RenderedEmail } from '../types.js';
import { EmailConfig } from './email.config.js';
import { emailRenderer, MAX_SUBJECT_LENGTH } from './email.renderer.js';

const config = EmailConfig.parse({
  to: ['oncall@example.com', 'dba@example.com', 'OnCall@Example.com'],
  cc: ['lead@example.com', 'dba@example.com'],
  from: 'Herald <herald@alerts.example.com>',
});

function render(input: RenderInput, cfg: EmailConfig = config): RenderedEmail {
  const mail = emailRenderer.render(input, cfg, SIGNING);
  assert.equal(mail.kind, 'email');
  return mail;
}

describe('email renderer', () => {
  it('sends to several recipients, without duplicates, cc minus to', () => {
    const mail = render(renderInput('IncidentTriggered'));
    assert.deepEqual(mail.to, ['oncall@example.com', 'dba@example.com']);
    assert.deepEqual(mail.cc, ['lead@example.com']);
    assert.equal(mail.from, 'Herald <herald@alerts.example.com>');
  });

  it('renders the default subject for every event type', () => {
    const expected: Record<string, string> = {
      IncidentTriggered: '[Herald] [CRITICAL] Triggered: Disk almost full on db-1',
      IncidentResolved: '[Herald] [RESOLVED] Resolved: Disk almost full on db-1',
      IncidentNoteAdded: '[Herald] [CRITICAL] Note added: Disk almost full on db-1',
    };
    for (const type of EVENT_TYPES) {
      const mail = render(renderInput(type));
      if (expected[type]) assert.equal(mail.subject, expected[type]);
      assert.ok(mail.text.startsWith(mail.subject.replace('[Herald] ', '')), type);
      assert.ok(mail.html.startsWith('<!DOCTYPE html>'));
    }
  });

  it('renders a custom subject template as plain text, on one line', () => {
    const cases = [
      { template: '{{severity}} on {{service}} ({{alertCount}} alerts)', subject: 'critical on postgres (3 alerts)' },
      { template: '{{incident.labels.team}}: {{summary}}', subject: 'storage: Disk almost full on db-1' },
      { template: '{{#labelsList}}{{key}} {{/labelsList}}', subject: 'alertname instance job team' },
      { template: 'A & B <{{status}}>', subject: 'A & B <triggered>' },
    ];
    for (const c of cases) {
      const cfg = EmailConfig.parse({ ...config, subject: c.template });
      assert.equal(render(renderInput('IncidentTriggered'), cfg).subject, c.subject);
    }
  });

  it('cannot be made to inject mail headers through the subject', () => {
    const input = renderInput('IncidentTriggered', {
      incident: { summary: 'disk\r\nBcc: attacker@evil.example\r\n\r\nbody' },
    });
    const mail = render(input);
    assert.ok(!/[\r\n]/.test(mail.subject));
    assert.equal(mail.subject, '[Herald] [CRITICAL] Triggered: disk Bcc: attacker@evil.example body');
  });

  it('escapes everything interpolated into the HTML body', () => {
    const hostile = '<script>alert(1)</script> "quoted" & \'single\'';
    const mail = render(
      renderInput('IncidentNoteAdded', {
        data: { text: hostile, author: '<b>Mallory</b>' },
        incident: {
          labels: { '<img src=x onerror=alert(1)>': 'v' },
          links: [
            { href: 'javascript:alert(1)', text: 'click' },
            { href: 'https://ok.example/?a=1&b="2"', text: '<i>ok</i>' },
          ],
        },
      }),
    );
    assert.ok(!mail.html.includes('<script>'));
    assert.ok(!mail.html.includes('<img'));
    assert.ok(!mail.html.includes('<b>Mallory'));
    assert.ok(!mail.html.includes('javascript:'));
    assert.ok(mail.html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; &#39;single&#39;'));
    assert.ok(mail.html.includes('<a href="https://ok.example/?a=1&amp;b=&quot;2&quot;">&lt;i&gt;ok&lt;/i&gt;</a>'));
    assert.ok(mail.text.includes(hostile), 'the text body is plain text, unescaped');
  });

  it('lists facts, affected items and links in both bodies', () => {
    const mail = render(renderInput('IncidentAcknowledged'));
    const parts = [
      'Severity: critical',
      'Acknowledged by: Ada Lovelace',
      '  - alertname=DiskFull',
      'Open in Herald: https://herald.example.com/incidents/',
    ];
    for (const part of parts) {
      assert.ok(mail.text.includes(part), part);
    }
    assert.ok(mail.html.includes('<li>alertname=DiskFull</li>'));
    assert.ok(mail.html.includes('border-left:6px solid #D32F2F'));
  });

  it('threads every event of an incident under the first one', () => {
    const root = `<incident.${INCIDENT_ID}.ops-hook@alerts.example.com>`;
    const first = render(renderInput('IncidentTriggered')).headers!;
    assert.equal(first['Message-ID'], root);
    assert.equal(first['In-Reply-To'], undefined);
    const later = render(renderInput('IncidentResolved')).headers!;
    assert.equal(later['Message-ID'], `<event.${EVENT_ID}.ops-hook@alerts.example.com>`);
    assert.equal(later['In-Reply-To'], root);
    assert.equal(later.References, root);
    assert.equal(later['Auto-Submitted'], 'auto-generated');
    assert.equal(later['X-Herald-Event'], 'resolved');
  });

  it('keeps the subject short for the largest incident', () => {
    const mail = render(hugeInput());
    assert.ok(mail.subject.length <= MAX_SUBJECT_LENGTH);
    assert.ok(!mail.html.includes('<script'));
  });

  it('refuses bad addresses and unusable subject templates', () => {
    const bad = [
      { ...config, to: [] },
      { ...config, to: ['not-an-address'] },
      { ...config, from: 'Herald\r\nBcc: x@y.z <h@x.y>' },
      { ...config, subject: '{{> partial}}' },
      { ...config, subject: '{{{summary}}}' },
      { ...config, subject: '{{#labelsList}}unclosed' },
      { ...config, subject: '{{constructor.constructor}}' },
    ];
    for (const raw of bad) assert.equal(EmailConfig.safeParse(raw).success, false, JSON.stringify(raw));
  });
});
