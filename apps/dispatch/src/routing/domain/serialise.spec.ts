import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InhibitRuleConfig } from './inhibition.js';
import { MaintenanceWindowConfig } from './maintenance.js';
import { RoutingTreeConfig } from './route-tree.js';
import {
  inhibitRuleToConfig,
  maintenanceWindowToConfig,
  receiverPaths,
  receiversOfTree,
  routeToConfig,
  silenceToConfig,
} from './serialise.js';
import { SilenceConfig } from './silences.js';

const tree = RoutingTreeConfig.parse({
  receiver: 'default',
  groupBy: ['alertname'],
  repeatIntervalSeconds: 3600,
  routes: [
    { matchers: ['env="prod"', { name: 'app.kubernetes.io/name', op: '=~', value: 'api|web' }], receiver: 'audit', continue: true, eventTypes: ['triggered'] },
    { matchers: ['team!=storage'], routes: [{ matchers: ['severity!~"info|warning"'], receiver: 'pager', repeatIntervalSeconds: 0 }] },
  ],
});

describe('routeToConfig', () => {
  it('writes matchers in canonical text and omits defaults', () => {
    assert.deepEqual(routeToConfig(tree), {
      receiver: 'default',
      groupBy: ['alertname'],
      repeatIntervalSeconds: 3600,
      routes: [
        { receiver: 'audit', matchers: ['env="prod"', '"app.kubernetes.io/name"=~"api|web"'], continue: true, eventTypes: ['triggered'] },
        { matchers: ['team!="storage"'], routes: [{ receiver: 'pager', matchers: ['severity!~"info|warning"'], repeatIntervalSeconds: 0 }] },
      ],
    });
  });
  it('parses back to the same compiled tree', () => {
    assert.deepEqual(RoutingTreeConfig.parse(routeToConfig(tree)), tree);
  });
  it('an empty tree is an empty object', () => {
    assert.deepEqual(routeToConfig(RoutingTreeConfig.parse({})), {});
  });
});

describe('round trips of the other objects', () => {
  const cases: Array<[string, () => void]> = [
    [
      'silence',
      () => {
        const s = SilenceConfig.parse({ id: 's', matchers: ['service="db"', 'env=~"prod|stage"'], startsAt: '2026-03-02T10:00:00Z', endsAt: '2026-03-02T12:00:00+01:00', author: 'ana', comment: 'upgrade' });
        assert.deepEqual(SilenceConfig.parse(silenceToConfig(s)), s);
        assert.deepEqual(silenceToConfig(s).matchers, ['service="db"', 'env=~"prod|stage"']);
      },
    ],
    [
      'inhibition rule',
      () => {
        const r = InhibitRuleConfig.parse({ id: 'r', sourceMatchers: ['alertname="ClusterDown"'], targetMatchers: ['severity=~"warning|error"'], equal: ['cluster'] });
        assert.deepEqual(InhibitRuleConfig.parse(inhibitRuleToConfig(r)), r);
      },
    ],
    [
      'weekly maintenance window',
      () => {
        const w = MaintenanceWindowConfig.parse({ id: 'w', startsAt: '2026-01-01T00:00:00Z', recurrence: { days: ['sat'], startTime: '22:00', endTime: '06:00', timeZone: 'Europe/Paris' } });
        assert.deepEqual(MaintenanceWindowConfig.parse(maintenanceWindowToConfig(w)), w);
        assert.equal('endsAt' in maintenanceWindowToConfig(w), false);
      },
    ],
    [
      'one-off maintenance window with matchers',
      () => {
        const w = MaintenanceWindowConfig.parse({ id: 'w', matchers: ['region="eu"'], startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-01-01T02:00:00Z' });
        assert.deepEqual(MaintenanceWindowConfig.parse(maintenanceWindowToConfig(w)), w);
      },
    ],
  ];
  for (const [name, check] of cases) it(name, check);
});

describe('receivers of a tree', () => {
  it('lists each receiver once in tree order', () => {
    assert.deepEqual(receiversOfTree(tree), ['default', 'audit', 'pager']);
  });
  it('points at where each is named', () => {
    assert.deepEqual(receiverPaths(tree), [
      { receiver: 'default', path: ['receiver'] },
      { receiver: 'audit', path: ['routes', 0, 'receiver'] },
      { receiver: 'pager', path: ['routes', 1, 'routes', 0, 'receiver'] },
    ]);
  });
});
