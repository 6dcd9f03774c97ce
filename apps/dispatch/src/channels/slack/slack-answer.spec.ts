import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { slackAnswer, type SlackAnswer } from './slack-answer.js';

describe('slackAnswer', () => {
  const cases: Array<[string, string, SlackAnswer]> = [
    ['posted', '{"ok":true,"channel":"C0123ABCD","ts":"1700000000.000100","message":{"text":"x"}}', { ok: true, channel: 'C0123ABCD', ts: '1700000000.000100' }],
    ['refused', '{"ok":false,"error":"channel_not_found"}', { ok: false, error: 'channel_not_found' }],
    ['no error name', '{"ok":false}', { ok: false, error: 'unknown_error' }],
    ['not JSON (an incoming webhook\'s "ok")', 'ok', { ok: false, error: 'not_json' }],
    ['a ts that is not one is dropped', '{"ok":true,"channel":"C1","ts":"soon"}', { ok: true, channel: 'C1' }],
    ['null', 'null', { ok: false, error: 'not_json' }],
  ];
  for (const [name, body, expected] of cases) it(name, () => assert.deepEqual(slackAnswer(body), expected));
});
