import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { INCIDENT_ID, renderInput } from '../shared/testing.js';
import { type RenderInput } from '../types.js';
import { JsonTemplate, jsonTemplateProblems, renderJsonTemplate } from './json-template.js';
import { mustacheProblems } from './template-check.js';
import { templateView } from './template-view.js';
import { renderText, TextTemplate } from './text-template.js';

const view = (input: RenderInput = renderInput('IncidentTriggered')) => templateView(input);
const render = (template: string, input?: RenderInput): unknown =>
  JSON.parse(renderJsonTemplate(template, view(input)));

/** Strings an attacker controlling alert text might try. */
const INJECTIONS = [
  '", "admin": true, "x": "',
  '"}, {"admin": true',
  '\\", \\"admin\\": true',
  '\\',
  '{{summary}}',
  '</script>\u2028\u2029\u0000',
  '"]}]}}',
  '{{#incident}}{{id}}{{/incident}}',
];

describe('JSON templates', () => {
  it('renders values inside strings, and whole-tag strings as typed values', () => {
    const template = JSON.stringify({
      text: '{{headline}} ({{alertCount}} alerts)',
      count: '{{incident.alertCount}}',
      flapping: '{{incident.flapping}}',
      labels: '{{incident.labels}}',
      missing: '{{incident.resolvedAt}}',
      nested: { severity: '{{severity}}', list: ['{{status}}', 'literal', 42, null, true] },
      url: '{{incident.url}}',
    });
    assert.deepEqual(render(template), {
      text: '[CRITICAL] Triggered: Disk almost full on db-1 (3 alerts)',
      count: 3,
      flapping: false,
      labels: { alertname: 'DiskFull', instance: 'db-1:9100', job: 'node', team: 'storage' },
      missing: null,
      nested: { severity: 'critical', list: ['triggered', 'literal', 42, null, true] },
      url: `https://herald.example.com/incidents/${INCIDENT_ID}`,
    });
  });

  it('supports sections over lists inside a string', () => {
    const template = '{"labels": "{{#labelsList}}{{key}}={{value}};{{/labelsList}}", "more": "{{^affected.more}}none{{/affected.more}}"}';
    assert.deepEqual(render(template), { labels: 'alertname=DiskFull;instance=db-1:9100;job=node;team=storage;', more: 'none' });
  });

  it('does not HTML-escape', () => {
    const input = renderInput('IncidentTriggered', { incident: { summary: 'a < b & c > "d"' } });
    assert.deepEqual(render('{"s": "{{summary}}"}', input), { s: 'a < b & c > "d"' });
  });

  for (const attack of INJECTIONS) {
    it(`cannot be broken out of by ${JSON.stringify(attack)}`, () => {
      const input = renderInput('IncidentNoteAdded', {
        data: { text: attack },
        incident: { summary: attack, labels: { [attack]: attack } },
      });
      const templates = [
        '{"summary": "{{summary}}", "fixed": 1}',
        '{"summary": "pre {{summary}} post", "fixed": 1}',
        '{"labels": "{{#labelsList}}{{key}}:{{value}}{{/labelsList}}", "fixed": 1}',
        '{"note": "{{event.data.text}}", "fixed": 1}',
      ];
      for (const template of templates) {
        const out = render(template, input) as Record<string, unknown>;
        assert.deepEqual(Object.keys(out).sort(), [Object.keys(JSON.parse(template) as object)[0]!, 'fixed'].sort());
        assert.equal(out.fixed, 1);
        assert.equal(out.admin, undefined);
        assert.equal(typeof Object.values(out)[0], 'string');
        assert.ok((Object.values(out)[0] as string).includes(attack), 'the value arrives verbatim');
      }
    });
  }

  it('keeps the document shape for any summary (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }), (summary) => {
        const input = renderInput('IncidentTriggered', { incident: { summary } });
        const out = render('{"a": "<{{summary}}>", "b": ["{{summary}}"], "c": 1}', input);
        assert.deepEqual(out, { a: `<${summary}>`, b: [summary], c: 1 });
      }),
      { numRuns: 300 },
    );
  });

  it('copies keys literally, including __proto__', () => {
    const out = render('{"__proto__": {"polluted": "{{severity}}"}, "{{severity}}": 1}') as Record<string, unknown>;
    assert.deepEqual(Object.keys(out), ['__proto__', '{{severity}}']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.getOwnPropertyDescriptor(out, '__proto__')?.value, { polluted: 'critical' });
  });

  it('refuses templates that are not JSON or misuse mustache', () => {
    const cases = [
      { template: '{"a": {{summary}}}', problem: /valid JSON/ },
      { template: '{"a": "{{summary}"}', problem: /Unclosed tag/ },
      { template: '{"a": "{{#labelsList}}x"}', problem: /Unclosed section/ },
      { template: '{"a": "{{> other}}"}', problem: /partials/ },
      { template: '{"a": "{{{summary}}}"}', problem: /escaping is already handled/ },
      { template: '{"a": "{{& summary}}"}', problem: /escaping is already handled/ },
      { template: '{"a": "{{constructor.constructor}}"}', problem: /constructor/ },
      { template: '{"a": "{{incident.__proto__}}"}', problem: /__proto__/ },
    ];
    for (const c of cases) {
      const problems = jsonTemplateProblems(c.template);
      assert.ok(problems.some((p) => c.problem.test(p)), `${c.template}: ${problems.join('; ')}`);
      assert.equal(JsonTemplate.safeParse(c.template).success, false);
      assert.throws(() => renderJsonTemplate(c.template, view()), { code: 'TEMPLATE_INVALID' } as object);
    }
    assert.equal(JsonTemplate.safeParse('{"a": "{{summary}}", "n": [1, {"b": "{{status}}"}]}').success, true);
  });

  it('offers only data to look up, never prototypes', () => {
    const v = view();
    const before = JSON.stringify(v);
    const probes = [
      '[{{toString}}][{{incident.hasOwnProperty}}][{{links.push}}][{{labelsList.map}}]',
      '[{{#links.reverse}}x{{/links.reverse}}][{{summary.link}}][{{alertCount.toFixed}}][{{labelsList.length}}]',
    ].join('');
    assert.equal(renderText(probes, v), '[][][][][][][][4]');
    assert.deepEqual(render('{"a": "{{links.constructor0}}", "b": "{{labelsList.keys}}"}'), { a: null, b: null });
    assert.equal(JSON.stringify(v), before, 'rendering never changes the view');
  });
});

describe('text templates', () => {
  const cases = [
    { template: '{{tag}} {{title}}', text: 'CRITICAL Triggered' },
    { template: '{{incident.labels}}', text: '{"alertname":"DiskFull","instance":"db-1:9100","job":"node","team":"storage"}' },
    { template: '{{receiver.name}} / {{now}}', text: 'Ops on-call / 2026-03-01T12:00:05.000Z' },
    { template: '{{affected.items.0}} {{affected.moreText}}', text: 'alertname=DiskFull ' },
    { template: '{{nothing.here}}x', text: 'x' },
  ];
  for (const c of cases) {
    it(`renders ${c.template}`, () => assert.equal(renderText(c.template, view()), c.text));
  }

  it('validates like JSON templates', () => {
    assert.equal(TextTemplate.safeParse('{{> p}}').success, false);
    assert.equal(TextTemplate.safeParse('').success, false);
    assert.deepEqual(mustacheProblems('{{summary}} {{#links}}{{href}}{{/links}}'), []);
  });
});
