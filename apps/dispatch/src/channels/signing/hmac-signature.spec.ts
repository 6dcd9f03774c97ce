import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HmacSigning, hmacHeaders } from './hmac-signature.js';
import { pythonJsonDumps } from './python-json.js';
import { legacySignature } from './standard-webhooks.js';

// Expected digests computed with Python's hmac/hashlib/json, the seeds' own receivers' tools.
const SECRET = 'your-secret-key-0123';
const BODY = '{"type":"incident.triggered","n":2.5,"s":"caf\u00e9","a":[1,{"z":1,"b":null}]}';
const TS = 1767225600;

describe('hmacHeaders', () => {
  const cases: Array<[string, Record<string, unknown>, Record<string, string>]> = [
    ['raw body, hex, default header (seed 004)', {}, { 'x-signature': 'c99fb4d60dc11ad999f6534d695815ecb9cb6c803bd937931f8d9009b24995c7' }],
    ['raw body, base64', { encoding: 'base64' }, { 'x-signature': 'yZ+01g3BGtmZ9lNNaVgV7LnLbIA72TeTH42QCbJJlcc=' }],
    ['a prefix', { prefix: 'sha256=' }, { 'x-signature': 'sha256=c99fb4d60dc11ad999f6534d695815ecb9cb6c803bd937931f8d9009b24995c7' }],
    [
      "body then timestamp, STET's headers (seed 000)",
      { header: 'X-STET-Signature', signs: 'body+timestamp', timestampHeader: 'X-STET-Timestamp' },
      { 'x-stet-signature': 'b230b54eef37dab741a8a375dddb029a1c0a2aef34203f113a71364bacd1cd8b', 'x-stet-timestamp': String(TS) },
    ],
    [
      'timestamp.body',
      { signs: 'timestamp.body', timestampHeader: 'X-Timestamp' },
      { 'x-signature': '5ce44897ff2aef48575db9bb0e1e50924dbae30ae501b63ceaef702d1241d67b', 'x-timestamp': String(TS) },
    ],
    ["Python's sorted json.dumps of the payload (seed 004's verifier)", { signs: 'sorted-json' }, { 'x-signature': 'd74ad236c3ea5e48d37499fd176106cd7ad380b1c9a40abac124365c98b888aa' }],
  ];
  for (const [name, config, expected] of cases) {
    it(name, () => assert.deepEqual(hmacHeaders(HmacSigning.parse({ secret: SECRET, ...config }), BODY, TS), expected));
  }
  it('the legacy X-Webhook-Signature is the same HMAC with its own header and prefix', () => {
    assert.equal(legacySignature(SECRET, BODY), 'sha256=c99fb4d60dc11ad999f6534d695815ecb9cb6c803bd937931f8d9009b24995c7');
  });
});

describe('HmacSigning', () => {
  const invalid: Array<[string, Record<string, unknown>, string]> = [
    ['a short secret', { secret: 'short' }, 'secret'],
    ['a signed timestamp without its header', { secret: SECRET, signs: 'body+timestamp' }, 'timestampHeader'],
    ['a timestamp header when none is signed', { secret: SECRET, timestampHeader: 'X-T' }, 'timestampHeader'],
    ['the same header twice', { secret: SECRET, header: 'X-S', signs: 'timestamp.body', timestampHeader: 'x-s' }, 'timestampHeader'],
    ['an unknown encoding', { secret: SECRET, encoding: 'base32' }, 'encoding'],
    ['a prefix with a space', { secret: SECRET, prefix: 'sha 256=' }, 'prefix'],
  ];
  for (const [name, config, path] of invalid) {
    it(`refuses ${name}, naming ${path}`, () => {
      const parsed = HmacSigning.safeParse(config);
      assert.equal(parsed.success, false);
      assert.deepEqual(parsed.error?.issues.map((i) => i.path.join('.')), [path]);
    });
  }
});

describe('pythonJsonDumps', () => {
  const cases: Array<[string, unknown, string]> = [
    ['sorted keys and Python separators', { b: 1, a: [true, null, 'x'] }, '{"a": [true, null, "x"], "b": 1}'],
    ['empty containers', { c: {}, d: [] }, '{"c": {}, "d": []}'],
    ['non-ASCII and control characters escaped', 'é\u2603\u{1F600}\x7f"\\\n', '"\\u00e9\\u2603\\ud83d\\ude00\\u007f\\"\\\\\\n"'],
    ['floats and exponents as Python prints them', [2.5, 1e-7, 1e21, -0.5], '[2.5, 1e-07, 1e+21, -0.5]'],
  ];
  for (const [name, value, expected] of cases) it(name, () => assert.equal(pythonJsonDumps(value), expected));
});
