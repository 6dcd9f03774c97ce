// Writes prometheusrule.yaml (Prometheus Operator) from herald.rules.yml (plain Prometheus),
// so the two carry the same groups, and points every alert's runbook_url at your copy of the
// runbooks. Run from the repository root after editing the rules:
//   node deploy/prometheus/generate-prometheusrule.mjs [--runbook-base-url <url>] [--dir <dir>]
// --runbook-base-url (or HERALD_RUNBOOK_BASE_URL) is where this repository's files are
// browsed, e.g. https://git.example.com/ops/herald/blob/main: runbook_url becomes
// <url>/deploy/README.md#<alert>, in herald.rules.yml, its promtool tests and the
// PrometheusRule alike. An empty base (the default as shipped) leaves the links relative to
// the repository root. --dir works on another copy of deploy/prometheus (the tests use it).
// test/deploy/prometheus.test.ts fails while the rules and the PrometheusRule differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';

const { values } = parseArgs({
  options: {
    'runbook-base-url': { type: 'string' },
    dir: { type: 'string', default: fileURLToPath(new URL('.', import.meta.url)) },
  },
});
const here = (name) => join(values.dir, name);

const RUNBOOK = /(runbook_url: )"[^"]*?(deploy\/README\.md#[a-z0-9-]+)"/g;
const base = values['runbook-base-url'] ?? process.env.HERALD_RUNBOOK_BASE_URL;
if (base !== undefined) {
  if (base !== '' && !/^https?:\/\/[^\s"#?]+$/.test(base)) {
    console.error(`--runbook-base-url must be an http(s) URL without query or fragment, or empty; got ${JSON.stringify(base)}`);
    process.exit(2);
  }
  const prefix = base === '' ? '' : `${base.replace(/\/+$/, '')}/`;
  // Textual, so the files keep their comments and layout.
  for (const file of ['herald.rules.yml', 'tests/herald.rules.test.yml']) {
    const text = readFileSync(here(file), 'utf8');
    writeFileSync(here(file), text.replace(RUNBOOK, (_, key, path) => `${key}"${prefix}${path}"`));
  }
}

const { groups } = parse(readFileSync(here('herald.rules.yml'), 'utf8'));
const rule = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'PrometheusRule',
  metadata: {
    name: 'herald',
    labels: {
      'app.kubernetes.io/name': 'herald',
      'app.kubernetes.io/instance': 'herald',
      'app.kubernetes.io/part-of': 'herald',
      'app.kubernetes.io/managed-by': 'kustomize',
    },
  },
  spec: { groups },
};
const header =
  '# Generated from herald.rules.yml by generate-prometheusrule.mjs: edit that file, then run\n' +
  '#   node deploy/prometheus/generate-prometheusrule.mjs [--runbook-base-url <url>]\n' +
  '# Your Prometheus must select it: kube-prometheus-stack selects PrometheusRules labelled\n' +
  '# release=<its release name> unless ruleSelectorNilUsesHelmValues=false.\n';
writeFileSync(here('prometheusrule.yaml'), header + stringify(rule, { lineWidth: 0 }));
