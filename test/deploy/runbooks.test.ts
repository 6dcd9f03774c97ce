import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { headingAnchors } from '../support/docs.js';
import { ROOT } from '../support/stack.js';
import { asObj, DEPLOY, readText, readYaml, sameValue } from './lib/objects.js';
import { NO_PROMTOOL, promtool } from './lib/promtool.js';
import { groupsOf, PROMETHEUS_RULE, RULE_TESTS, RULES, rulesOf, type Rule } from './lib/rules.js';

const GENERATOR = join(DEPLOY, 'prometheus', 'generate-prometheusrule.mjs');
const BASE = 'https://git.example.net/ops/herald/blob/main';

/** Every alert's runbook_url in a rules file, and the rule it belongs to. */
function runbooksOf(file: string): Array<{ alert: string; url: string }> {
  return rulesOf(groupsOf(file))
    .filter((r): r is Rule & { alert: string } => Boolean(r.alert))
    .map((r) => ({ alert: r.alert, url: r.annotations?.runbook_url ?? '' }));
}

/** Every runbook_url the promtool tests expect. */
function expectedRunbooksIn(testsFile: string): string[] {
  return [...readFileSync(testsFile, 'utf8').matchAll(/runbook_url: "([^"]*)"/g)].map((m) => m[1]!);
}

function generate(dir: string, args: readonly string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [GENERATOR, '--dir', dir, ...args], { encoding: 'utf8', cwd: ROOT });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('runbook links of the Prometheus rules', () => {
  const work = mkdtempSync(join(tmpdir(), 'herald-runbooks-'));
  const copy = join(work, 'prometheus');
  cpSync(join(DEPLOY, 'prometheus'), copy, { recursive: true });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('as shipped: every alert links to its own section of deploy/README.md, relative to the repository, on no placeholder host', () => {
    const anchors = headingAnchors(readText(join(DEPLOY, 'README.md')));
    const runbooks = runbooksOf(RULES);
    assert.ok(runbooks.length >= 10);
    for (const { alert, url } of runbooks) {
      assert.equal(url, `deploy/README.md#${alert.toLowerCase()}`, `${alert}: runbook_url`);
      assert.ok(anchors.has(alert.toLowerCase()), `deploy/README.md has no heading for #${alert.toLowerCase()} (${alert})`);
    }
    for (const file of [RULES, RULE_TESTS, PROMETHEUS_RULE]) {
      assert.doesNotMatch(readText(file), /your-org|example\.(com|org)\/|placeholder/i, `${file} points at a placeholder`);
    }
    // The promtool tests expect exactly these links, so the two cannot drift apart.
    for (const url of expectedRunbooksIn(RULE_TESTS)) assert.ok(runbooks.some((r) => r.url === url), `tests expect ${url}`);
  });

  it('--runbook-base-url makes every link absolute in the rules, their tests and the PrometheusRule alike', () => {
    const result = generate(copy, ['--runbook-base-url', `${BASE}/`]);
    assert.equal(result.status, 0, result.output);
    for (const { alert, url } of runbooksOf(join(copy, 'herald.rules.yml'))) {
      assert.equal(url, `${BASE}/deploy/README.md#${alert.toLowerCase()}`);
    }
    const expected = expectedRunbooksIn(join(copy, 'tests', 'herald.rules.test.yml'));
    assert.ok(expected.length > 0 && expected.every((url) => url.startsWith(`${BASE}/deploy/README.md#`)), expected.join('\n'));
    const operatorRule = asObj(readYaml(join(copy, 'prometheusrule.yaml')), 'prometheusrule.yaml');
    assert.ok(sameValue(asObj(operatorRule.spec, 'spec').groups, groupsOf(join(copy, 'herald.rules.yml'))));
    // Comments survive: the files are rewritten in place, not re-serialised.
    assert.match(readFileSync(join(copy, 'herald.rules.yml'), 'utf8'), /^# Herald's Prometheus recording rules/);
  });

  it('promtool test rules still passes with the base set', { skip: NO_PROMTOOL }, () => {
    const result = promtool(['test', 'rules', join(copy, 'tests', 'herald.rules.test.yml')]);
    assert.equal(result.status, 0, result.output);
  });

  it('an empty base gives back the files as shipped; a base that is not an http(s) URL is refused and changes nothing', () => {
    assert.equal(generate(copy, ['--runbook-base-url', '']).status, 0);
    for (const file of ['herald.rules.yml', 'tests/herald.rules.test.yml', 'prometheusrule.yaml']) {
      assert.equal(readFileSync(join(copy, file), 'utf8'), readFileSync(join(DEPLOY, 'prometheus', file), 'utf8'), file);
    }
    const refused = generate(copy, ['--runbook-base-url', 'javascript:alert(1)']);
    assert.equal(refused.status, 2);
    assert.match(refused.output, /--runbook-base-url must be an http\(s\) URL/);
    assert.equal(readFileSync(join(copy, 'herald.rules.yml'), 'utf8'), readFileSync(RULES, 'utf8'));
  });
});
