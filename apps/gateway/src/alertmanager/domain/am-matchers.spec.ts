import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatLabelMatcher, fromAmMatcher, matchesLabels, parseLabelMatcher, toAmMatcher, type LabelMatcher } from './am-matchers.js';

const parsed = (text: string): LabelMatcher => {
  const result = parseLabelMatcher(text);
  if (typeof result === 'string') throw new Error(result);
  return result;
};

describe('parseLabelMatcher', () => {
  const cases: Array<[string, LabelMatcher]> = [
    ['alertname="DiskFull"', { name: 'alertname', op: '=', value: 'DiskFull' }],
    ['alertname=DiskFull', { name: 'alertname', op: '=', value: 'DiskFull' }],
    [' team != "db" ', { name: 'team', op: '!=', value: 'db' }],
    ['severity=~"critical|error"', { name: 'severity', op: '=~', value: 'critical|error' }],
    ['env!~"prod.*"', { name: 'env', op: '!~', value: 'prod.*' }],
    ['"app.kubernetes.io/name"="api"', { name: 'app.kubernetes.io/name', op: '=', value: 'api' }],
    ['summary="say \\"hi\\""', { name: 'summary', op: '=', value: 'say "hi"' }],
    ['team=""', { name: 'team', op: '=', value: '' }],
  ];
  for (const [text, expected] of cases) {
    it(`reads ${text}`, () => assert.deepEqual(parseLabelMatcher(text), expected));
  }

  for (const text of ['alertname', '=x', 'a=~"("', 'a="unterminated']) {
    it(`refuses ${text} with a reason naming it`, () => {
      const result = parseLabelMatcher(text);
      assert.equal(typeof result, 'string');
      assert.match(result as string, /matcher /);
    });
  }
});

describe('matchesLabels', () => {
  const labels = { alertname: 'DiskFull', severity: 'critical', env: 'production' };
  const cases: Array<[string, boolean]> = [
    ['alertname="DiskFull"', true],
    ['alertname="Disk"', false],
    ['alertname!="DiskFull"', false],
    ['severity=~"critical|error"', true],
    ['severity=~"crit"', false], // anchored: the whole value must match
    ['env!~"prod.*"', false],
    ['env=~"(?i)PRODUCTION"', true],
    ['team=""', true], // an absent label is the empty string
    ['team!=""', false],
  ];
  for (const [text, expected] of cases) {
    it(`${text} → ${expected}`, () => assert.equal(matchesLabels(parsed(text), labels), expected));
  }
});

describe('Alertmanager structured matchers', () => {
  it('round-trips every operator through isRegex/isEqual', () => {
    for (const op of ['=', '!=', '=~', '!~'] as const) {
      const matcher: LabelMatcher = { name: 'team', op, value: 'db' };
      assert.deepEqual(fromAmMatcher(toAmMatcher(matcher)), matcher);
    }
  });

  it('reads a matcher without isEqual (clients before 0.22) as equal', () => {
    assert.equal(fromAmMatcher({ name: 'a', value: 'b', isRegex: true }).op, '=~');
  });

  it('writes text that parses back to the same matcher', () => {
    for (const matcher of [parsed('"app.kubernetes.io/name"="api"'), parsed('summary="say \\"hi\\""'), parsed('x!~"a|b"')]) {
      assert.deepEqual(parsed(formatLabelMatcher(matcher)), matcher);
    }
  });
});
