import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyFailure, PermanentError } from '@herald/messaging';
import { alertFailure } from './alert-failures.js';

const sqlError = (code: string, message: string): Error => Object.assign(new Error(message), { code });

describe('alertFailure', () => {
  const cases: Array<{ name: string; failed: Array<[string, unknown]>; alerts: number; class: string; code?: string; message: RegExp }> = [
    {
      name: 'a bad row: permanent, with its SQLSTATE',
      failed: [['a1', sqlError('22P05', 'unsupported Unicode escape sequence')]],
      alerts: 100,
      class: 'permanent',
      code: 'SQLSTATE 22P05',
      message: /^1 of 100 alerts failed, the others are recorded; alert a1: unsupported Unicode/,
    },
    {
      name: 'a PermanentError keeps its code',
      failed: [['a1', new PermanentError('BAD_ALERT', 'no')]],
      alerts: 2,
      class: 'permanent',
      code: 'BAD_ALERT',
      message: /alert a1: no$/,
    },
    {
      name: 'a bug: retried, not dead-lettered at once',
      failed: [['a1', new TypeError('x is undefined')]],
      alerts: 3,
      class: 'unexpected',
      message: /alert a1: x is undefined/,
    },
    {
      name: 'permanent and unexpected: retried',
      failed: [['a1', sqlError('23505', 'duplicate key')], ['a2', new Error('boom')]],
      alerts: 3,
      class: 'unexpected',
      message: /^2 of 3 alerts failed.*alert a1 \(and a2\): duplicate key/,
    },
    {
      name: 'many: the first few named',
      failed: Array.from({ length: 9 }, (_, i): [string, unknown] => [`a${i}`, new PermanentError('BAD', 'no')]),
      alerts: 9,
      class: 'permanent',
      message: /alert a0 \(and a1, a2, a3, a4, a5, …\): no/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const error = alertFailure(c.failed.map(([alertId, error]) => ({ alertId, error })), c.alerts);
      assert.equal(classifyFailure(error), c.class);
      assert.match(error.message, c.message);
      if (c.code) assert.equal((error as PermanentError).code, c.code);
      assert.equal(error.cause, c.failed[0]![1]);
    });
  }
  it('refuses an empty list', () => assert.throws(() => alertFailure([], 1)));
});
