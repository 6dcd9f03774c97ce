import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { rendered } from './lib/manifests.js';
import { dashboardPanels, dashboardQueries, readDashboard } from './lib/metric-usage.js';
import { asArray, asObj, isObj, type Obj } from './lib/objects.js';
import { NO_PROMTOOL, promtool } from './lib/promtool.js';

/** What an SRE must find on the dashboard: panel type and a title pattern. */
const REQUIRED_PANELS: ReadonlyArray<[string, RegExp]> = [
  ['alerts in', /^alerts in/i],
  ['incidents open', /^incidents open/i],
  ['notifications by outcome', /^notifications by outcome$/i],
  ['success rate per receiver', /^success rate per receiver$/i],
  ['latency heatmap', /latency/i],
  ['retries', /^retries$/i],
  ['pipeline lag', /consumer lag/i],
];

/** Grafana's built-in and our own variables, replaced by values Prometheus accepts. */
function withVariablesFilled(expr: string): string {
  return expr
    .replace(/\$__rate_interval|\$__interval|\$\{__rate_interval\}/g, '5m')
    .replace(/\$__range/g, '1h')
    .replace(/\$\{?(receiver|channel)\}?/g, '.*');
}

describe('Grafana dashboard (deploy/grafana/herald-dashboard.json)', () => {
  const dashboard = readDashboard();
  const panels = dashboardPanels(dashboard).filter((p) => p.type !== 'row');

  it('takes its data source from a variable: no panel or query names a data source of its own', () => {
    const templating = asObj(dashboard.templating, 'templating');
    const variables = asArray(templating.list, 'templating.list').map((v) => asObj(v, 'variable'));
    const datasource = variables.find((v) => v.type === 'datasource');
    assert.ok(datasource, 'a datasource variable');
    assert.equal(datasource.query, 'prometheus');
    const ref = `\${${String(datasource.name)}}`;
    const uses: unknown[] = [];
    const walk = (value: unknown, path: string): void => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
      else if (isObj(value)) {
        if (isObj(value.datasource)) uses.push(value.datasource.uid);
        for (const [k, v] of Object.entries(value)) if (k !== 'annotations') walk(v, `${path}.${k}`);
      }
    };
    walk(dashboard, 'dashboard');
    assert.ok(uses.length > panels.length, 'panels and targets name the variable');
    assert.deepEqual([...new Set(uses)], [ref]);
    for (const panel of panels) {
      assert.equal(asObj(panel.datasource, 'datasource').uid, ref, `panel ${String(panel.title)}`);
      for (const t of asArray(panel.targets, 'targets')) assert.equal(asObj(asObj(t, 'target').datasource, 'datasource').uid, ref);
    }
  });

  it('has the panels an SRE needs: alerts in, incidents open, notifications by outcome, success rate per receiver, latency heatmap, retries, pipeline lag', () => {
    for (const [what, title] of REQUIRED_PANELS) {
      assert.ok(panels.some((p) => title.test(String(p.title))), `no panel for ${what}`);
    }
    const heatmap = panels.find((p) => p.type === 'heatmap');
    assert.ok(heatmap, 'a heatmap panel');
    const target = asObj(asArray(heatmap.targets, 'targets')[0], 'target');
    assert.equal(target.format, 'heatmap');
    assert.match(String(target.expr), /_bucket\b/);
    assert.match(String(target.expr), /by \((?:namespace, cluster, )?le\)/);
  });

  it('is a well-formed dashboard: unique ids, panels inside the 24-column grid without overlap, titles and descriptions', () => {
    assert.ok(typeof dashboard.uid === 'string' && dashboard.uid.length > 0 && dashboard.uid.length <= 40);
    assert.ok(Number(dashboard.schemaVersion) >= 36);
    const all = dashboardPanels(dashboard);
    const ids = all.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length, 'panel ids are unique');
    const cells = new Set<string>();
    for (const panel of all) {
      const grid = asObj(panel.gridPos, `gridPos of ${String(panel.title)}`) as Obj & { x: number; y: number; w: number; h: number };
      assert.ok(grid.x >= 0 && grid.w > 0 && grid.x + grid.w <= 24, `${String(panel.title)} outside the grid`);
      for (let x = grid.x; x < grid.x + grid.w; x++) {
        for (let y = grid.y; y < grid.y + grid.h; y++) {
          assert.ok(!cells.has(`${x},${y}`), `${String(panel.title)} overlaps another panel at ${x},${y}`);
          cells.add(`${x},${y}`);
        }
      }
      assert.ok(String(panel.title).length > 0);
      if (panel.type !== 'row') {
        assert.ok(typeof panel.description === 'string' && panel.description.length > 0, `${String(panel.title)}: description`);
        const refIds = asArray(panel.targets, 'targets').map((t) => asObj(t, 'target').refId);
        assert.ok(refIds.length > 0, `${String(panel.title)}: no query`);
        assert.equal(new Set(refIds).size, refIds.length, `${String(panel.title)}: refIds`);
      }
    }
  });

  it('every query is valid PromQL (promtool, with Grafana variables filled in)', { skip: NO_PROMTOOL }, () => {
    const queries = dashboardQueries(dashboard);
    const dir = mkdtempSync(join(tmpdir(), 'herald-dashboard-'));
    try {
      const file = join(dir, 'queries.yml');
      const rules = queries.map((q, i) => ({ record: `dashboard:query:${i}`, expr: withVariablesFilled(q.expr) }));
      writeFileSync(file, stringify({ groups: [{ name: 'dashboard', rules }] }));
      const result = promtool(['check', 'rules', file]);
      assert.equal(result.status, 0, `${result.output}\n${queries.map((q, i) => `${i}: ${q.where}: ${q.expr}`).join('\n')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ships as a ConfigMap for the Grafana sidecar in production, the same JSON', () => {
    const cm = rendered('overlays/production').find((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1');
    assert.ok(cm, 'a ConfigMap labelled grafana_dashboard=1');
    const data = asObj(cm.data, 'data');
    assert.deepEqual(JSON.parse(String(data['herald-dashboard.json'])), dashboard);
  });
});
