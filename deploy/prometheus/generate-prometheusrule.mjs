// Writes prometheusrule.yaml (Prometheus Operator) from herald.rules.yml (plain Prometheus),
// so the two carry the same groups. Run from the repository root after editing the rules:
//   node deploy/prometheus/generate-prometheusrule.mjs
// test/deploy/prometheus.test.ts fails while they differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const here = (name) => fileURLToPath(new URL(name, import.meta.url));
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
  '#   node deploy/prometheus/generate-prometheusrule.mjs\n' +
  '# Your Prometheus must select it: kube-prometheus-stack selects PrometheusRules labelled\n' +
  '# release=<its release name> unless ruleSelectorNilUsesHelmValues=false.\n';
writeFileSync(here('prometheusrule.yaml'), header + stringify(rule, { lineWidth: 0 }));
