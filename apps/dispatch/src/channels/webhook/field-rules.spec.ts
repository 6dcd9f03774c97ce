import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFieldRules, FieldRules, parsePath } from './field-rules.js';

const payload = {
  version: 1,
  type: 'incident.triggered',
  event: { id: 'e1', data: { details: { big: 'x' }, summary: 's' } },
  incident: {
    id: 'i1',
    labels: { 'app.kubernetes.io/name': 'db', team: 'storage' },
    links: [
      { href: 'https://a', text: 'A' },
      { href: 'https://b', text: 'B' },
    ],
  },
  receiver: { id: 'r', name: 'R' },
};

describe('field rules', () => {
  it('parses dotted paths with escaped dots', () => {
    const cases: [string, string[]][] = [
      ['incident', ['incident']],
      ['incident.labels.team', ['incident', 'labels', 'team']],
      ['incident.labels.app\\.kubernetes\\.io/name', ['incident', 'labels', 'app.kubernetes.io/name']],
      ['a\\b.c', ['a\\b', 'c']],
    ];
    for (const [path, segments] of cases) assert.deepEqual(parsePath(path), segments, path);
  });

  const cases: { name: string; rules: FieldRules | undefined; expected: unknown }[] = [
    { name: 'no rules keep everything', rules: undefined, expected: payload },
    {
      name: 'include keeps the paths plus version and type',
      rules: { include: ['incident.id', 'event.data.summary'] },
      expected: { version: 1, type: 'incident.triggered', event: { data: { summary: 's' } }, incident: { id: 'i1' } },
    },
    {
      name: 'include through an array applies to each element',
      rules: { include: ['incident.links.href'] },
      expected: { version: 1, type: 'incident.triggered', incident: { links: [{ href: 'https://a' }, { href: 'https://b' }] } },
    },
    {
      name: 'include a key with dots',
      rules: { include: ['incident.labels.app\\.kubernetes\\.io/name'] },
      expected: { version: 1, type: 'incident.triggered', incident: { labels: { 'app.kubernetes.io/name': 'db' } } },
    },
    {
      name: 'exclude removes a subtree',
      rules: { exclude: ['event.data.details', 'incident.labels', 'receiver'] },
      expected: {
        version: 1,
        type: 'incident.triggered',
        event: { id: 'e1', data: { summary: 's' } },
        incident: { id: 'i1', links: payload.incident.links },
      },
    },
    {
      name: 'exclude through an array',
      rules: { exclude: ['incident.links.text'] },
      expected: { ...payload, incident: { ...payload.incident, links: [{ href: 'https://a' }, { href: 'https://b' }] } },
    },
    {
      name: 'include then exclude',
      rules: { include: ['incident'], exclude: ['incident.links', 'type'] },
      expected: { version: 1, incident: { id: 'i1', labels: payload.incident.labels } },
    },
    {
      name: 'paths that do not exist change nothing',
      rules: { exclude: ['nope', 'incident.id.deeper', 'incident.links.nope'] },
      expected: payload,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const before = JSON.stringify(payload);
      assert.deepEqual(applyFieldRules(payload, c.rules), c.expected);
      assert.equal(JSON.stringify(payload), before, 'input untouched');
    });
  }

  it('keeps a __proto__ key as data', () => {
    const withProto = JSON.parse('{"version":1,"incident":{"labels":{"__proto__":{"x":1}}}}') as object;
    const out = applyFieldRules(withProto, { include: ['incident.labels.__proto__'] }) as { incident: { labels: object } };
    assert.deepEqual(Object.keys(out.incident.labels), ['__proto__']);
    assert.equal(JSON.stringify(out), '{"version":1,"incident":{"labels":{"__proto__":{"x":1}}}}');
  });

  it('refuses empty path segments', () => {
    for (const path of ['', 'a..b', '.a', 'a.']) {
      assert.equal(FieldRules.safeParse({ include: [path] }).success, false, path);
    }
  });
});
