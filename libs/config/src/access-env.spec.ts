import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseScopedTokens } from './access-env.js';

describe('parseScopedTokens', () => {
  it('reads name:role:token entries', () => {
    assert.deepEqual(parseScopedTokens('ana:responder:aaaaaaaaaaaaaaaa, grafana:viewer:bbbbbbbbbbbbbbbb'), [
      { name: 'ana', role: 'responder', token: 'aaaaaaaaaaaaaaaa' },
      { name: 'grafana', role: 'viewer', token: 'bbbbbbbbbbbbbbbb' },
    ]);
    assert.deepEqual(parseScopedTokens(''), []);
  });

  const bad: Array<[string, RegExp]> = [
    ['ana:responder', /name:role:token/],
    ['ana:owner:aaaaaaaaaaaaaaaa', /role must be one of viewer, responder, admin/],
    ['ana:viewer:short', /at least 16/],
    ['ana:viewer:aaaaaaaaaaaaaaaa ana:admin:bbbbbbbbbbbbbbbb', /named twice/],
  ];
  for (const [text, message] of bad) {
    it(`refuses ${text}`, () => {
      const result = parseScopedTokens(text);
      assert.equal(typeof result, 'string');
      assert.match(result as string, message);
    });
  }
});
