import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Silence, type SilenceState, SilenceConfig, activeSilenceFor, silenceState } from './silences.js';

const t = (iso: string) => Date.parse(iso);

const silence = (overrides: Partial<Record<keyof Silence, unknown>> = {}): Silence =>
  SilenceConfig.parse({
    id: 'sil-1',
    matchers: ['team="db"'],
    startsAt: '2026-03-02T10:00:00Z',
    endsAt: '2026-03-02T12:00:00Z',
    author: 'ana',
    comment: 'migrating the primary',
    ...overrides,
  });

describe('silenceState', () => {
  const s = silence();
  const cases: Array<[string, SilenceState]> = [
    ['2026-03-02T09:59:59.999Z', 'pending'],
    ['2026-03-02T10:00:00Z', 'active'],
    ['2026-03-02T11:59:59.999Z', 'active'],
    ['2026-03-02T12:00:00Z', 'expired'],
  ];
  for (const [now, state] of cases) {
    it(`${now} → ${state}`, () => assert.equal(silenceState(s, t(now)), state));
  }
  it('honours offsets in the stored times', () => {
    const local = silence({ startsAt: '2026-03-02T11:00:00+01:00', endsAt: '2026-03-02T13:00:00+01:00' });
    assert.equal(silenceState(local, t('2026-03-02T10:30:00Z')), 'active');
    assert.equal(silenceState(local, t('2026-03-02T12:00:00Z')), 'expired');
  });
});

describe('activeSilenceFor', () => {
  const silences = [
    silence({ id: 'expired', endsAt: '2026-03-02T10:30:00Z' }),
    silence({ id: 'other-team', matchers: ['team="web"'] }),
    silence({ id: 'db-critical', matchers: ['team="db"', 'severity="critical"'] }),
    silence({ id: 'db-any' }),
  ];
  const now = t('2026-03-02T11:00:00Z');
  const cases: Array<[Record<string, string>, string | undefined]> = [
    [{ team: 'db', severity: 'critical' }, 'db-critical'],
    [{ team: 'db', severity: 'info' }, 'db-any'],
    [{ team: 'web' }, 'other-team'],
    [{ team: 'payments' }, undefined],
    [{}, undefined],
  ];
  for (const [labels, expected] of cases) {
    it(`${JSON.stringify(labels)} → ${expected ?? 'not silenced'}`, () => {
      assert.equal(activeSilenceFor(silences, labels, now)?.id, expected);
    });
  }
  it('an expired silence no longer mutes', () => {
    assert.equal(activeSilenceFor([silences[0]!], { team: 'db' }, now), undefined);
    assert.equal(activeSilenceFor([silences[0]!], { team: 'db' }, t('2026-03-02T10:15:00Z'))?.id, 'expired');
  });
});

describe('SilenceConfig', () => {
  const invalid: Array<[string, Partial<Record<keyof Silence, unknown>>, RegExp]> = [
    ['ends before it starts', { endsAt: '2026-03-02T09:00:00Z' }, /endsAt must be after startsAt/],
    ['ends when it starts', { endsAt: '2026-03-02T10:00:00Z' }, /endsAt must be after startsAt/],
    ['no matchers', { matchers: [] }, /./],
    ['matches everything (regex)', { matchers: ['team=~".*"'] }, /non-empty label value/],
    ['matches everything (negative)', { matchers: ['team!="x"'] }, /non-empty label value/],
    ['bad regex', { matchers: ['team=~"["'] }, /matcher team=~.*: invalid regular expression: Unterminated character class/],
    ['no comment', { comment: '' }, /./],
    ['time without offset', { startsAt: '2026-03-02T10:00:00' }, /./],
  ];
  for (const [name, overrides, message] of invalid) {
    it(`rejects a silence that ${name}`, () => {
      assert.throws(() => silence(overrides), message);
    });
  }
  it('accepts a negative matcher next to one that needs a value', () => {
    assert.equal(silence({ matchers: ['team="db"', 'env!="prod"'] }).matchers.length, 2);
  });
});
