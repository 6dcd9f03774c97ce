import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { z } from 'zod';
import { message } from './incident-message.fixture.js';
import {
  type LabelSet,
  type MatchOp,
  MatcherConfig,
  formatMatcher,
  labelValue,
  matches,
  matchesAll,
  messageLabels,
  parseMatcher,
  parseMatchers,
} from './matchers.js';

function parsed(text: string) {
  const result = parseMatcher(text);
  assert.ok(result.ok, `${text} should parse: ${result.ok ? '' : result.error.message}`);
  return result.matcher;
}

describe('parseMatcher', () => {
  const valid: Array<[string, string, MatchOp, string]> = [
    ['team="db"', 'team', '=', 'db'],
    ['team = "db"', 'team', '=', 'db'],
    ['env!=prod', 'env', '!=', 'prod'],
    ['severity=~"critical|error"', 'severity', '=~', 'critical|error'],
    ['alertname!~"Watchdog|InfoInhibitor"', 'alertname', '!~', 'Watchdog|InfoInhibitor'],
    ['team=""', 'team', '=', ''],
    ['team=', 'team', '=', ''],
    ['msg="say \\"hi\\", ok"', 'msg', '=', 'say "hi", ok'],
    ['path="C:\\\\tmp"', 'path', '=', 'C:\\tmp'],
    ['"app.kubernetes.io/name"="api"', 'app.kubernetes.io/name', '=', 'api'],
    ['app.kubernetes.io/name=api', 'app.kubernetes.io/name', '=', 'api'],
    ['  spaced  =~  "a b"  ', 'spaced', '=~', 'a b'],
  ];
  for (const [text, name, op, value] of valid) {
    it(`parses ${text}`, () => {
      const m = parsed(text);
      assert.deepEqual({ name: m.name, op: m.op, value: m.value }, { name, op, value });
    });
  }

  const invalid: Array<[string, 'invalid_matcher' | 'invalid_regex']> = [
    ['', 'invalid_matcher'],
    ['team', 'invalid_matcher'],
    ['team~"x"', 'invalid_matcher'],
    ['=x', 'invalid_matcher'],
    ['team="unterminated', 'invalid_matcher'],
    ['team="a" extra', 'invalid_matcher'],
    ['team=a"b', 'invalid_matcher'],
    ['severity=~"(critical"', 'invalid_regex'],
    ['severity=~"a)|(b"', 'invalid_regex'],
    ['severity!~"[z-a]"', 'invalid_regex'],
  ];
  for (const [text, code] of invalid) {
    it(`rejects ${JSON.stringify(text)} as ${code}, naming the matcher`, () => {
      const result = parseMatcher(text);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.error.code, code);
      assert.equal(result.error.matcher, text);
      assert.ok(result.error.message.includes(text), result.error.message);
    });
  }
});

describe('parseMatchers', () => {
  it('reads a braced list, keeping commas inside quotes', () => {
    const result = parseMatchers('{team="db", msg=~"a,b|c", env!=dev,}');
    assert.ok(result.ok);
    assert.deepEqual(
      result.matchers.map((m) => [m.name, m.op, m.value]),
      [
        ['team', '=', 'db'],
        ['msg', '=~', 'a,b|c'],
        ['env', '!=', 'dev'],
      ],
    );
  });
  it('reports the first bad matcher', () => {
    const result = parseMatchers('team="db", severity=~"("');
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'invalid_regex');
    assert.match(result.error.message, /severity=~"\("/);
  });
  it('rejects a missing closing brace', () => {
    assert.equal(parseMatchers('{team="db"').ok, false);
  });
});

describe('matches', () => {
  const labels: LabelSet = { team: 'db', severity: 'critical', empty: '' };
  const cases: Array<[string, boolean]> = [
    ['team="db"', true],
    ['team="DB"', false],
    ['team!="db"', false],
    ['team!="web"', true],
    // Regexes are anchored at both ends, as in Alertmanager.
    ['severity=~"crit"', false],
    ['severity=~"crit.*"', true],
    ['severity=~".*tica"', false],
    ['severity=~"critical|error"', true],
    ['severity=~"error|critical"', true],
    ['severity!~"critical|error"', false],
    ['severity=~"(?i)CRITICAL"', true],
    ['severity=~"CRITICAL"', false],
    // An absent label reads as the empty string.
    ['missing=""', true],
    ['missing!=""', false],
    ['missing!~".+"', true],
    ['missing=~".*"', true],
    ['empty=""', true],
    ['team!~".+"', false],
    // Object prototype members are not labels.
    ['constructor=""', true],
    ['toString=~".+"', false],
  ];
  for (const [text, expected] of cases) {
    it(`${text} → ${expected}`, () => assert.equal(matches(parsed(text), labels), expected));
  }

  it('labelValue ignores inherited properties', () => {
    assert.equal(labelValue({}, '__proto__'), '');
    assert.equal(labelValue({}, 'hasOwnProperty'), '');
  });

  it('an empty matcher list matches everything; all matchers must match', () => {
    assert.equal(matchesAll([], {}), true);
    assert.equal(matchesAll([parsed('team="db"'), parsed('severity="critical"')], labels), true);
    assert.equal(matchesAll([parsed('team="db"'), parsed('severity="info"')], labels), false);
  });
});

describe('messageLabels (pseudo-labels)', () => {
  const msg = message('IncidentAcknowledged', {
    severity: 'warning',
    source: 'grafana',
    status: 'acknowledged',
    service: undefined,
    labels: { severity: 'page', team: 'db', event_type: 'spoofed' },
  });
  const cases: Array<[string, boolean]> = [
    ['severity="warning"', true],
    ['severity="page"', false],
    ['source="grafana"', true],
    ['status="acknowledged"', true],
    ['event_type="IncidentAcknowledged"', true],
    ['event_type="spoofed"', false],
    ['service=""', true],
    ['team="db"', true],
  ];
  for (const [text, expected] of cases) {
    it(`${text} → ${expected}`, () => assert.equal(matches(parsed(text), messageLabels(msg)), expected));
  }
  it('service comes from the incident when set', () => {
    assert.equal(messageLabels(message('IncidentTriggered', { service: 'checkout' })).service, 'checkout');
  });
});

describe('MatcherConfig (zod)', () => {
  const schema = z.array(MatcherConfig);
  it('accepts strings and objects and compiles both', () => {
    const out = schema.parse(['team="db"', { name: 'severity', op: '=~', value: 'critical|error' }]);
    assert.equal(out.length, 2);
    assert.equal(matchesAll(out, { team: 'db', severity: 'error' }), true);
    assert.equal(matchesAll(out, { team: 'db', severity: 'warning' }), false);
  });
  it('names the matcher whose regex is invalid', () => {
    const result = schema.safeParse(['team="db"', { name: 'severity', op: '=~', value: '(critical' }]);
    assert.equal(result.success, false);
    assert.match(result.error.issues[0]!.message, /matcher severity=~"\(critical": invalid regular expression/);
    assert.deepEqual(result.error.issues[0]!.path, [1]);
  });
  it('rejects an unknown operator in object form', () => {
    assert.equal(schema.safeParse([{ name: 'a', op: '==', value: 'b' }]).success, false);
  });
});

describe('formatMatcher', () => {
  it('round-trips through parseMatcher', () => {
    const name = fc.oneof(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/), fc.string({ minLength: 1, maxLength: 12 }));
    const op = fc.constantFrom<MatchOp>('=', '!=');
    fc.assert(
      fc.property(name, op, fc.string({ maxLength: 20 }), (n, o, v) => {
        const result = parseMatcher(formatMatcher({ name: n, op: o, value: v }));
        assert.ok(result.ok);
        assert.deepEqual({ name: result.matcher.name, op: result.matcher.op, value: result.matcher.value }, { name: n, op: o, value: v });
      }),
    );
  });
});
