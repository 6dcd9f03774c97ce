import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DispatchSection } from './dispatch.file.js';

const slack = (id: string) => ({ id, name: id, channel: 'slack', settings: { url: 'https://hooks.slack.com/services/T/B/X' } });
const silence = (id: string) => ({ id, matchers: ['team="db"'], startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-01-02T00:00:00Z', author: 'a', comment: 'c' });

describe('DispatchSection (the `dispatch:` part of the configuration file)', () => {
  it('everything is optional; no route means the API manages the tree', () => {
    const section = DispatchSection.parse({});
    assert.deepEqual([section.receivers, section.silences, section.inhibitRules, section.maintenanceWindows, section.route], [[], [], [], [], undefined]);
  });
  it('takes every kind of object', () => {
    const section = DispatchSection.parse({
      receivers: [slack('a')],
      route: { receiver: 'a' },
      silences: [silence('s')],
      inhibitRules: [{ id: 'i', sourceMatchers: ['a="b"'], targetMatchers: ['c="d"'] }],
      maintenanceWindows: [{ id: 'm', startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-01-02T00:00:00Z' }],
    });
    assert.equal(section.route?.receiver, 'a');
    assert.equal(section.silences[0]?.matchers[0]?.name, 'team');
  });
  const invalid: Array<[string, unknown, string]> = [
    ['duplicate receiver ids', { receivers: [slack('a'), slack('a')] }, 'receivers.1.id'],
    ['duplicate silence ids', { silences: [silence('s'), silence('s')] }, 'silences.1.id'],
    ['a bad receiver setting', { receivers: [{ ...slack('a'), settings: { url: 'nope' } }] }, 'receivers.0.settings.url'],
    ['a bad route matcher', { route: { routes: [{ matchers: ['x=~"("'] }] } }, 'route.routes.0.matchers.0'],
    ['a silence without author', { silences: [{ ...silence('s'), author: undefined }] }, 'silences.0.author'],
  ];
  for (const [name, input, path] of invalid) {
    it(`refuses ${name}, naming ${path}`, () => {
      const result = DispatchSection.safeParse(input);
      assert.equal(result.success, false);
      assert.ok(result.error.issues.some((i) => i.path.join('.') === path), JSON.stringify(result.error.issues));
    });
  }
});
