import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactBody } from './redact-body.js';

describe('redactBody', () => {
  it("drops Honeycomb's shared_secret and keeps everything else", () => {
    assert.deepEqual(redactBody('honeycomb', { name: 'Latency', status: 'TRIGGERED', shared_secret: 'hrld_secret' }), { name: 'Latency', status: 'TRIGGERED' });
  });

  it('leaves other sources and non-object bodies as they are', () => {
    const body = { shared_secret: 'not a secret here', summary: 's' };
    assert.equal(redactBody('generic', body), body);
    assert.deepEqual(redactBody('honeycomb', ['x']), ['x']);
    assert.equal(redactBody('honeycomb', null), null);
  });
});
