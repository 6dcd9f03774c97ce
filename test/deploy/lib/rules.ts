import { join } from 'node:path';
import { asArray, asObj, DEPLOY, type Obj, readYaml } from './objects.js';

export const RULES = join(DEPLOY, 'prometheus', 'herald.rules.yml');
export const RULE_TESTS = join(DEPLOY, 'prometheus', 'tests', 'herald.rules.test.yml');
export const PROMETHEUS_RULE = join(DEPLOY, 'prometheus', 'prometheusrule.yaml');

export interface Rule extends Obj {
  record?: string;
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export function groupsOf(file: string): Obj[] {
  return asArray(asObj(readYaml(file), file).groups, `${file}: groups`).map((g) => asObj(g, 'group'));
}

export function rulesOf(groups: readonly Obj[]): Rule[] {
  return groups.flatMap((g) => asArray(g.rules, 'rules').map((r) => asObj(r, 'rule') as Rule));
}

