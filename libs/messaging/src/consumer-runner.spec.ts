import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { refillAt } from './consumer-runner.js';

describe('refillAt: how few owed messages make the consumer ask for more', () => {
  const cases: Array<[maxMessages: number, threshold: number]> = [
    [1, 1],
    [2, 1],
    [4, 1],
    [7, 1],
    [8, 2],
    [200, 50],
    [512, 128],
  ];
  for (const [max, expected] of cases) it(`a window of ${max}: ${expected}`, () => assert.equal(refillAt(max), expected));
});
