import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyKindOf, decodeBody } from './request-body.js';

describe('request bodies', () => {
  it('reads the media type of a Content-Type header', () => {
    const cases: Array<[string | undefined, string | undefined]> = [
      ['application/json', 'json'],
      ['Application/JSON; charset=utf-8', 'json'],
      ['text/plain; charset=UTF-8', 'text'],
      ['application/x-www-form-urlencoded', 'form'],
      ['application/xml', undefined],
      ['multipart/form-data; boundary=x', undefined],
      [undefined, undefined],
    ];
    for (const [header, kind] of cases) assert.equal(bodyKindOf(header), kind, String(header));
  });

  it('takes the content types each source sends, and refuses the others naming what to send', () => {
    const cases: Array<[Parameters<typeof decodeBody>[0], string | undefined, boolean]> = [
      ['alertmanager', 'application/json', true],
      ['alertmanager', 'text/plain', false],
      ['alertmanager', 'application/x-www-form-urlencoded', false],
      ['cloudwatch', 'text/plain; charset=UTF-8', true],
      ['cloudwatch', 'application/x-www-form-urlencoded', false],
      ['uptimerobot', 'application/x-www-form-urlencoded', true],
      ['github', 'application/x-www-form-urlencoded', true],
      ['pagerduty', 'application/xml', false],
      ['generic', undefined, false],
    ];
    for (const [source, contentType, ok] of cases) {
      const decoded = decodeBody(source, contentType, contentType === undefined ? 'x' : {});
      assert.equal(decoded.ok || 'errors' in decoded, ok, `${source} ${contentType}`);
    }
    assert.deepEqual(decodeBody('cloudwatch', 'application/xml', '<x/>'), {
      ok: false,
      unsupported: 'content type application/xml is not accepted for cloudwatch; send application/json or text/plain',
    });
  });

  it('treats a request with neither body nor content type as an empty JSON body', () => {
    assert.deepEqual(decodeBody('generic', undefined, undefined), { ok: true, body: undefined });
  });

  it('reads UptimeRobot form fields as an object', () => {
    const form = Object.assign(Object.create(null) as object, { monitorID: '42', alertType: '1' });
    assert.deepEqual(decodeBody('uptimerobot', 'application/x-www-form-urlencoded', form), { ok: true, body: { monitorID: '42', alertType: '1' } });
  });

  it("reads GitHub's form content type from its payload field", () => {
    const cases: Array<[unknown, unknown]> = [
      [{ payload: '{"action":"completed"}' }, { ok: true, body: { action: 'completed' } }],
      [{ payload: '{oops' }, { ok: false, errors: [{ path: 'payload', message: 'must be JSON' }] }],
      [{}, { ok: false, errors: [{ path: 'payload', message: 'is required (the form field holding the JSON event)' }] }],
    ];
    for (const [form, expected] of cases) assert.deepEqual(decodeBody('github', 'application/x-www-form-urlencoded', form), expected);
  });
});
