import { join } from 'node:path';
import { asArray, asObj, asString, DEPLOY, isObj, type Obj, readText, readYaml } from './objects.js';
import { metricNamesIn } from './promql.js';

export const DASHBOARD = join(DEPLOY, 'grafana', 'herald-dashboard.json');
export const RULES = join(DEPLOY, 'prometheus', 'herald.rules.yml');

export function readDashboard(): Obj {
  return asObj(JSON.parse(readText(DASHBOARD)) as unknown, 'dashboard');
}

/** Every panel, rows' nested panels included. */
export function dashboardPanels(dashboard: Obj): Obj[] {
  return asArray(dashboard.panels, 'panels').flatMap((p) => {
    const panel = asObj(p, 'panel');
    return [panel, ...asArray(panel.panels, 'row panels').map((c) => asObj(c, 'panel'))];
  });
}

/** PromQL of every panel target and every query variable (label_values(metric, label) → metric). */
export function dashboardQueries(dashboard: Obj): Array<{ where: string; expr: string }> {
  const queries: Array<{ where: string; expr: string }> = [];
  for (const panel of dashboardPanels(dashboard)) {
    for (const t of asArray(panel.targets, 'targets')) {
      const target = asObj(t, 'target');
      queries.push({ where: `panel "${String(panel.title)}" ${String(target.refId)}`, expr: asString(target.expr, `panel "${String(panel.title)}" expr`) });
    }
  }
  const templating = isObj(dashboard.templating) ? dashboard.templating : {};
  for (const v of asArray(templating.list, 'templating.list')) {
    const variable = asObj(v, 'variable');
    if (variable.type !== 'query') continue;
    const query = isObj(variable.query) ? variable.query.query : variable.query;
    const text = asString(query, `variable ${String(variable.name)}`);
    const labelValues = /^label_values\(\s*(.+?)\s*,\s*\w+\s*\)$/.exec(text);
    queries.push({ where: `variable ${String(variable.name)}`, expr: labelValues?.[1] ?? text });
  }
  return queries;
}

/** Recording rules defined in the rules file. */
export function recordedNames(): Set<string> {
  const groups = asArray(asObj(readYaml(RULES), 'rules').groups, 'groups').map((g) => asObj(g, 'group'));
  return new Set(groups.flatMap((g) => asArray(g.rules, 'rules').map((r) => asObj(r, 'rule').record).filter((n): n is string => typeof n === 'string')));
}

/** metric name → where it is used, for the rules file and the dashboard (recording rules excluded). */
export function metricsUsed(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  const note = (name: string, where: string): void => {
    used.set(name, [...(used.get(name) ?? []), where]);
  };
  const recorded = recordedNames();
  const groups = asArray(asObj(readYaml(RULES), 'rules').groups, 'groups').map((g) => asObj(g, 'group'));
  for (const rule of groups.flatMap((g) => asArray(g.rules, 'rules').map((r) => asObj(r, 'rule')))) {
    const where = `rule ${String(rule.alert ?? rule.record)}`;
    for (const name of metricNamesIn(asString(rule.expr, where))) if (!recorded.has(name)) note(name, where);
  }
  for (const { where, expr } of dashboardQueries(readDashboard())) {
    for (const name of metricNamesIn(expr)) if (!recorded.has(name)) note(name, `dashboard ${where}`);
  }
  return used;
}
