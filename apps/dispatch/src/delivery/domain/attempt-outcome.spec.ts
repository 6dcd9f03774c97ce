import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AttemptClassification, type AttemptError, classifyAttempt } from './attempt-outcome.js';

type Row = [string, { statusCode?: number; error?: AttemptError }, AttemptClassification];
const ok = (statusClass: AttemptClassification['statusClass'], recoverable: boolean, disableReceiver = false, success = false): AttemptClassification => ({
  statusClass,
  success,
  recoverable,
  disableReceiver,
});

describe('classifyAttempt', () => {
  const cases: Row[] = [
    ['200', { statusCode: 200 }, ok('2xx', false, false, true)],
    ['202', { statusCode: 202 }, ok('2xx', false, false, true)],
    ['204', { statusCode: 204 }, ok('2xx', false, false, true)],
    ['299', { statusCode: 299 }, ok('2xx', false, false, true)],
    ['301 (redirects are not followed)', { statusCode: 301 }, ok('3xx', false)],
    ['304', { statusCode: 304 }, ok('3xx', false)],
    ['400', { statusCode: 400 }, ok('4xx', false)],
    ['401', { statusCode: 401 }, ok('4xx', false)],
    ['403', { statusCode: 403 }, ok('4xx', false)],
    ['404', { statusCode: 404 }, ok('4xx', false)],
    ['408', { statusCode: 408 }, ok('4xx', true)],
    ['409', { statusCode: 409 }, ok('4xx', false)],
    ['410 disables the receiver', { statusCode: 410 }, ok('4xx', false, true)],
    ['413', { statusCode: 413 }, ok('4xx', false)],
    ['422', { statusCode: 422 }, ok('4xx', false)],
    ['425', { statusCode: 425 }, ok('4xx', true)],
    ['429', { statusCode: 429 }, ok('4xx', true)],
    ['499', { statusCode: 499 }, ok('4xx', false)],
    ['500', { statusCode: 500 }, ok('5xx', true)],
    ['501', { statusCode: 501 }, ok('5xx', true)],
    ['502', { statusCode: 502 }, ok('5xx', true)],
    ['503', { statusCode: 503 }, ok('5xx', true)],
    ['504', { statusCode: 504 }, ok('5xx', true)],
    ['599', { statusCode: 599 }, ok('5xx', true)],
    ['101', { statusCode: 101 }, ok('none', false)],
    ['600', { statusCode: 600 }, ok('none', false)],
    ['timeout', { error: 'timeout' }, ok('timeout', true)],
    ['network', { error: 'network' }, ok('network', true)],
    ['tls', { error: 'tls' }, ok('network', false)],
    ['blocked by the address guard', { error: 'blocked' }, ok('none', false)],
    ['other', { error: 'other' }, ok('none', false)],
    ['nothing at all', {}, ok('none', false)],
    ['a status code wins over a later error', { statusCode: 200, error: 'timeout' }, ok('2xx', false, false, true)],
    ['a 503 then a timeout reading the body', { statusCode: 503, error: 'timeout' }, ok('5xx', true)],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.deepEqual(classifyAttempt(input), expected));
  }
});
