import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkConfig } from './check-config.js';

const LOCAL = fileURLToPath(new URL('../../../../deploy/local/herald.yaml', import.meta.url));

describe('checkConfig', () => {
  it('accepts the shipped local configuration', () => {
    assert.deepEqual(checkConfig(readFileSync(LOCAL, 'utf8')), []);
  });

  it('names the line and path of each problem', () => {
    const text = [
      'integrations:', //                           1
      '  - id: am', //                              2
      '    name: Alertmanager', //                  3
      '    source: not-a-source', //                4
      'dispatch:', //                               5
      '  receivers:', //                            6
      '    - id: ops', //                           7
      '      name: Ops', //                         8
      '      channel: webhook', //                  9
      '      settings: { url: "not a url" }', //   10
      '  route:', //                               11
      '    receiver: ops', //                      12
      '    matchers: [\'severity=~"("\']', //     13
      'dispatc: {}', //                            14
    ].join('\n');
    const problems = checkConfig(text);
    const at = (path: string) => problems.find((p) => p.path === path);
    assert.equal(at('integrations.0.source')?.line, 4);
    assert.equal(at('dispatch.receivers.0.settings.url')?.line, 10);
    assert.equal(at('dispatch.route.matchers.0')?.line, 13);
    assert.match(at('dispatch.route.matchers.0')?.message ?? '', /regular expression/);
    const unknown = problems.find((p) => /dispatc/.test(p.message));
    assert.equal(unknown?.line, 14);
  });

  it('resolves receivers\' …Env references as dispatch does, naming an unset variable with its line', () => {
    const text = [
      'dispatch:', //                                                        1
      '  receivers:', //                                                     2
      '    - id: ops', //                                                    3
      '      name: Ops', //                                                  4
      '      channel: webhook', //                                           5
      '      settings:', //                                                  6
      '        url: https://hooks.example.com/x', //                         7
      '        auth: { type: bearer, tokenEnv: HERALD_CHECK_TEST_TOKEN }', // 8
    ].join('\n');
    delete process.env.HERALD_CHECK_TEST_TOKEN;
    const [problem] = checkConfig(text);
    assert.equal(problem?.path, 'dispatch.receivers.0.settings.auth.tokenEnv');
    assert.match(problem?.message ?? '', /HERALD_CHECK_TEST_TOKEN is not set/);
    assert.equal(problem?.line, 8);
    process.env.HERALD_CHECK_TEST_TOKEN = 'a-bearer-token';
    try {
      assert.deepEqual(checkConfig(text), []);
    } finally {
      delete process.env.HERALD_CHECK_TEST_TOKEN;
    }
  });

  it('reports YAML syntax errors with their line', () => {
    const [problem] = checkConfig('dispatch:\n  receivers: [\n');
    assert.match(problem?.message ?? '', /not valid YAML/);
    assert.ok((problem?.line ?? 0) >= 2);
  });
});
