import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveSecretRefs } from './secret-refs.js';

const FILES: Record<string, string> = { '/run/secrets/token': 'from-a-file\n', '/run/ca.pem': '-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n' };
const options = {
  allowed: (path: readonly string[]) => ['settings.auth.token', 'settings.url', 'tls.ca'].includes(path.join('.')),
  env: { HOOK_TOKEN: 'from-the-env', EMPTY: '' },
  readFile: (name: string) => {
    const text = FILES[name];
    if (text === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
    return text;
  },
};

describe('resolveSecretRefs', () => {
  const resolved: Array<[string, unknown, unknown]> = [
    ['an Env reference', { settings: { auth: { type: 'bearer', tokenEnv: 'HOOK_TOKEN' } } }, { settings: { auth: { type: 'bearer', token: 'from-the-env' } } }],
    ['a File reference, its trailing newline dropped', { settings: { auth: { tokenFile: '/run/secrets/token' } } }, { settings: { auth: { token: 'from-a-file' } } }],
    ['a PEM file keeps its inner newlines', { tls: { caFile: '/run/ca.pem' } }, { tls: { ca: '-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----' } }],
    ['a key ending in Env at a path that is not a secret is left as it is', { settings: { channelEnv: 'HOOK_TOKEN' } }, { settings: { channelEnv: 'HOOK_TOKEN' } }],
    ['plain values pass through', { settings: { url: 'https://x.example' }, list: [{ a: 1 }] }, { settings: { url: 'https://x.example' }, list: [{ a: 1 }] }],
  ];
  for (const [name, input, expected] of resolved) {
    it(name, () => {
      const done = resolveSecretRefs(input, options);
      assert.deepEqual(done.problems, []);
      assert.deepEqual(done.value, expected);
    });
  }

  const refused: Array<[string, unknown, string, RegExp]> = [
    ['an unset variable', { settings: { auth: { tokenEnv: 'MISSING' } } }, 'r.0.settings.auth.tokenEnv', /MISSING is not set/],
    ['an empty variable', { settings: { auth: { tokenEnv: 'EMPTY' } } }, 'r.0.settings.auth.tokenEnv', /EMPTY is not set/],
    ['not a variable name', { settings: { auth: { tokenEnv: 'lower case' } } }, 'r.0.settings.auth.tokenEnv', /environment variable name/],
    ['an unreadable file', { settings: { auth: { tokenFile: '/nope' } } }, 'r.0.settings.auth.tokenFile', /cannot read \/nope: ENOENT/],
    ['both the value and a reference', { settings: { auth: { token: 'x', tokenEnv: 'HOOK_TOKEN' } } }, 'r.0.settings.auth.tokenEnv', /not both/],
  ];
  for (const [name, input, path, message] of refused) {
    it(`refuses ${name}, naming the key and never the value`, () => {
      const done = resolveSecretRefs(input, options, ['r', '0']);
      assert.equal(done.problems.length, 1, JSON.stringify(done.problems));
      assert.equal(done.problems[0]!.path, path);
      assert.match(done.problems[0]!.message, message);
      assert.doesNotMatch(done.problems[0]!.message, /from-the-env/);
    });
  }
});
