import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { authHeaders, OutboundAuth } from './auth.js';
import { escapeHtml, escapeSlack, singleLine } from './escape.js';
import { affectedItems, EVENT_KEYS, EVENT_TITLES, headline } from './event-titles.js';
import { joinUrl } from './http.js';
import { incidentUrl, isSafeHref, safeLinks } from './links.js';
import { colourToInt, incidentColour } from './severity.js';
import { EVENT_TYPES, INCIDENT_ID, renderInput } from './testing.js';
import { andMore, fitEscaped, truncate } from './truncate.js';

describe('truncate', () => {
  const cases: [string, number, string][] = [
    ['hello', 10, 'hello'],
    ['hello', 5, 'hello'],
    ['hello world', 8, 'hello w…'],
    ['hello', 1, 'h'],
    ['hello', 0, ''],
    ['ab🔥cd', 4, 'ab…'],
    ['ab🔥cd', 5, 'ab🔥…'],
  ];
  for (const [text, max, expected] of cases) {
    it(`${JSON.stringify(text)} to ${max}`, () => assert.equal(truncate(text, max), expected));
  }

  it('never exceeds the limit nor leaves a lone surrogate (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.nat(100), (text, max) => {
        const out = truncate(text, max);
        assert.ok(out.length <= Math.max(0, max));
        assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(out), 'no lone high surrogate');
      }),
    );
  });

  it('fits escaped text without cutting an entity', () => {
    const out = fitEscaped('a&b&c&d&e&f', 12, escapeSlack);
    assert.ok(out.length <= 12);
    assert.ok(!/&[a-z]*…/.test(out) && !/&(?!amp;)/.test(out), out);
    assert.equal(fitEscaped('short', 100, escapeSlack), 'short');
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.integer({ min: 1, max: 80 }), (text, max) => {
        assert.ok(fitEscaped(text, max, escapeHtml).length <= max);
      }),
    );
  });

  it('says how many more', () => {
    assert.equal(andMore(0), '');
    assert.equal(andMore(3), '…and 3 more');
  });
});

describe('escaping', () => {
  it('escapes HTML, Slack and header lines', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    assert.equal(escapeSlack('<!here> & <@U1>'), '&lt;!here&gt; &amp; &lt;@U1&gt;');
    assert.equal(singleLine(' a\r\nb\u2028c\td '), 'a b c d');
  });
});

describe('event titles and facts', () => {
  it('titles and keys every event type', () => {
    for (const type of EVENT_TYPES) {
      assert.ok(EVENT_TITLES[type].length > 0);
      assert.match(EVENT_KEYS[type], /^[a-z_]+$/);
    }
    assert.equal(new Set(Object.values(EVENT_KEYS)).size, EVENT_TYPES.length);
  });

  it('writes headlines with severity, or RESOLVED', () => {
    assert.equal(headline(renderInput('IncidentTriggered').message), '[CRITICAL] Triggered: Disk almost full on db-1');
    assert.equal(headline(renderInput('IncidentResolved').message), '[RESOLVED] Resolved: Disk almost full on db-1');
    assert.equal(
      headline(renderInput('IncidentSeverityChanged', { incident: { severity: 'warning' } }).message),
      '[WARNING] Severity changed: Disk almost full on db-1',
    );
  });

  it('lists affected items from details arrays first, then sorted labels', () => {
    const cases: { name: string; details?: Record<string, unknown>; labels?: Record<string, string>; items: string[]; more: number }[] = [
      { name: 'labels sorted', labels: { b: '2', a: '1' }, items: ['a=1', 'b=2'], more: 0 },
      { name: 'no labels', labels: {}, items: [], more: 0 },
      { name: 'preferred key', details: { other: ['x'], hosts: ['h1', 'h2'] }, items: ['h1', 'h2'], more: 0 },
      { name: 'first array', details: { count: 3, pods: [{ name: 'p1' }, { id: 7 }, { x: 1 }] }, items: ['p1', '7', '{"x":1}'], more: 0 },
      { name: 'more than five', details: { items: [1, 2, 3, 4, 5, 6, 7] }, items: ['1', '2', '3', '4', '5'], more: 2 },
      { name: 'empty array falls back to labels', details: { items: [] }, labels: { a: '1' }, items: ['a=1'], more: 0 },
    ];
    for (const c of cases) {
      const input = renderInput('IncidentTriggered', {
        ...(c.details ? { data: { details: c.details } } : {}),
        ...(c.labels ? { incident: { labels: c.labels } } : {}),
      });
      const result = affectedItems(input.message);
      assert.deepEqual([result.items, result.more], [c.items, c.more], c.name);
    }
  });
});

describe('links', () => {
  it('builds the Herald incident URL', () => {
    const message = renderInput('IncidentTriggered').message;
    assert.equal(incidentUrl({ message, heraldUrl: 'https://h.example/' }), `https://h.example/incidents/${INCIDENT_ID}`);
    assert.equal(incidentUrl({ message, heraldUrl: 'https://h.example/app' }), `https://h.example/app/incidents/${INCIDENT_ID}`);
    assert.equal(incidentUrl({ message }), undefined);
  });

  it('accepts only absolute http(s) links', () => {
    const cases: [string, boolean][] = [
      ['https://a.example/x', true],
      ['http://10.0.0.1:3000/d', true],
      ['javascript:alert(1)', false],
      ['data:text/html,hi', false],
      ['/relative', false],
      ['https://a.example/' + 'x'.repeat(3000), false],
    ];
    for (const [href, ok] of cases) assert.equal(isSafeHref(href), ok, href);
  });

  it('dedupes links and falls back to the host as text', () => {
    const input = renderInput('IncidentTriggered', {
      heraldUrl: null,
      incident: { links: [{ href: 'https://a.example/x' }, { href: 'https://a.example/x', text: 'dup' }, { href: 'https://b.example', text: '  ' }] },
    });
    assert.deepEqual(safeLinks(input, 10), [
      { href: 'https://a.example/x', text: 'a.example' },
      { href: 'https://b.example', text: 'b.example' },
    ]);
  });
});

describe('colours', () => {
  it('converts to Discord integers', () => {
    assert.equal(colourToInt('#D32F2F'), 13840175);
    assert.equal(colourToInt(incidentColour({ status: 'resolved', severity: 'critical' })), 0x43a047);
  });
});

describe('outbound auth', () => {
  it('renders headers per type and defaults the API key header', () => {
    const cases: [unknown, Record<string, string>][] = [
      [undefined, {}],
      [{ type: 'none' }, {}],
      [{ type: 'api-key', value: 'k' }, { 'x-api-key': 'k' }],
      [{ type: 'bearer', token: 't' }, { authorization: 'Bearer t' }],
      [{ type: 'basic', username: 'u', password: 'p' }, { authorization: 'Basic dTpw' }],
      [{ type: 'oauth2', tokenUrl: 'https://idp/t', clientId: 'c', clientSecret: 's', scopes: ['a'] }, {}],
    ];
    for (const [raw, headers] of cases) {
      assert.deepEqual(authHeaders(raw === undefined ? undefined : OutboundAuth.parse(raw)), headers, JSON.stringify(raw));
    }
  });
});

describe('joinUrl', () => {
  it('appends encoded segments', () => {
    assert.equal(joinUrl('http://es:9200', 'idx', '_doc', 'a/b c'), 'http://es:9200/idx/_doc/a%2Fb%20c');
    assert.equal(joinUrl('http://es:9200/base/', 'idx'), 'http://es:9200/base/idx');
  });
});
