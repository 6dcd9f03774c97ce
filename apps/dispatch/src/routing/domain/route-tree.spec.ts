import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type IncidentEventType, type IncidentSnapshot, INCIDENT_EVENT_TYPES } from '@herald/contracts';
import { message } from './incident-message.fixture.js';
import {
  type Route,
  DEFAULT_SUBSCRIPTIONS,
  RoutingTreeConfig,
  SUBSCRIPTIONS,
  isHeldForFlapping,
  matchRoutes,
  subscriptionOf,
} from './route-tree.js';

const treeConfig = {
  receiver: 'default',
  groupBy: ['alertname'],
  repeatIntervalSeconds: 3600,
  routes: [
    { matchers: ['env="prod"'], receiver: 'audit-log', continue: true, eventTypes: [...SUBSCRIPTIONS] },
    {
      matchers: ['team="storage"'],
      receiver: 'storage',
      repeatIntervalSeconds: 600,
      routes: [
        { matchers: ['severity="critical"'], receiver: 'storage-pager', continue: true },
        { matchers: ['alertname=~"Disk.*"'], receiver: 'storage-disk', groupBy: ['instance'] },
        { matchers: ['alertname=~".*"'], receiver: 'storage-rest', repeatIntervalSeconds: 0 },
      ],
    },
    {
      matchers: ['team="web"'],
      routes: [{ matchers: ['severity="info"'], receiver: 'web-info', eventTypes: ['triggered', 'resolved'] }],
    },
    { matchers: ['team="storage"'], receiver: 'shadowed' },
    { matchers: ['team="billing"'], receiver: 'audit-log' },
  ],
};
const tree: Route = RoutingTreeConfig.parse(treeConfig);
/** The same tree with grouping turned off at the root: every event its own notification. */
const ungrouped: Route = RoutingTreeConfig.parse({ ...treeConfig, groupBy: ['...'] });

function incident(labels: Record<string, string>, severity: IncidentSnapshot['severity'] = 'warning'): Partial<IncidentSnapshot> {
  return { labels, severity };
}

describe('matchRoutes: tree walk', () => {
  const cases: Array<{ name: string; incident: Partial<IncidentSnapshot>; expected: Array<[string, number[]]> }> = [
    {
      name: 'continue on a child goes on to later siblings; the first non-continue match stops',
      incident: incident({ team: 'storage', env: 'prod', alertname: 'DatabaseDown' }, 'critical'),
      expected: [
        ['audit-log', [0]],
        ['storage-pager', [1, 0]],
        ['storage-rest', [1, 2]],
      ],
    },
    {
      name: 'first matching child wins',
      incident: incident({ team: 'storage', env: 'dev', alertname: 'DiskFull' }),
      expected: [['storage-disk', [1, 1]]],
    },
    {
      name: 'nested match',
      incident: incident({ team: 'web', env: 'dev' }, 'info'),
      expected: [['web-info', [2, 0]]],
    },
    {
      name: 'a node with no matching child matches itself and inherits the receiver',
      incident: incident({ team: 'web', env: 'dev' }, 'critical'),
      expected: [['default', [2]]],
    },
    {
      name: 'nothing below the root matches: the root does',
      incident: incident({ team: 'nobody', env: 'dev' }),
      expected: [['default', []]],
    },
    {
      name: 'a matching continue child still counts as a match, so the root is not added',
      incident: incident({ team: 'nobody', env: 'prod' }),
      expected: [['audit-log', [0]]],
    },
    {
      name: 'a receiver reached twice is delivered once, with the first route',
      incident: incident({ team: 'billing', env: 'prod' }),
      expected: [['audit-log', [0]]],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const targets = matchRoutes(tree, message('IncidentTriggered', c.incident));
      assert.deepEqual(
        targets.map((t) => [t.receiverId, t.path]),
        c.expected,
      );
    });
  }
});

describe('matchRoutes: inherited options', () => {
  const targets = matchRoutes(tree, message('IncidentTriggered', incident({ team: 'storage', env: 'prod', alertname: 'X' }, 'critical')));
  const byReceiver = new Map(targets.map((t) => [t.receiverId, t]));
  const cases: Array<[string, readonly string[], number | undefined]> = [
    ['audit-log', ['alertname'], 3600],
    ['storage-pager', ['alertname'], 600],
    ['storage-rest', ['alertname'], 0],
  ];
  for (const [receiver, groupBy, repeat] of cases) {
    it(`${receiver}: groupBy ${groupBy.join(',')}, repeat ${repeat}`, () => {
      const t = byReceiver.get(receiver);
      assert.ok(t);
      assert.deepEqual(t.groupBy, groupBy);
      assert.equal(t.repeatIntervalSeconds, repeat);
    });
  }
  it('groupBy set on a child overrides the parent', () => {
    const [t] = matchRoutes(tree, message('IncidentTriggered', incident({ team: 'storage', alertname: 'DiskFull' })));
    assert.deepEqual(t?.groupBy, ['instance']);
    assert.equal(t?.repeatIntervalSeconds, 600);
  });
  it('event types default to the default subscriptions', () => {
    assert.deepEqual(byReceiver.get('storage-pager')?.eventTypes, DEFAULT_SUBSCRIPTIONS);
  });
  it('no groupBy anywhere means not grouped (one notification per event, as before grouping existed)', () => {
    const [t] = matchRoutes(RoutingTreeConfig.parse({ receiver: 'r' }), message());
    assert.equal(t?.grouping, undefined);
  });
  it("group timings are inherited like Alertmanager's, with its defaults (30 s, 5 min)", () => {
    const t = RoutingTreeConfig.parse({
      receiver: 'r',
      groupBy: ['alertname'],
      groupWaitSeconds: 5,
      routes: [{ matchers: ['team="a"'], groupIntervalSeconds: 60 }, { matchers: ['team="b"'], groupBy: ['...'] }],
    });
    const of = (team: string) => matchRoutes(t, message('IncidentTriggered', { labels: { team, alertname: 'X' } }))[0]?.grouping;
    assert.deepEqual(of('a'), { by: ['alertname'], waitSeconds: 5, intervalSeconds: 60, sendResolved: true });
    assert.equal(of('b'), undefined, "['...'] turns inherited grouping off");
    assert.deepEqual(of('c'), { by: ['alertname'], waitSeconds: 5, intervalSeconds: 300, sendResolved: true });
  });
  it('no repeat interval anywhere means undefined', () => {
    const bare = RoutingTreeConfig.parse({ receiver: 'r' });
    assert.equal(matchRoutes(bare, message())[0]?.repeatIntervalSeconds, undefined);
  });
});

describe('subscriptions', () => {
  const mapping: Array<[IncidentEventType, string]> = [
    ['IncidentTriggered', 'triggered'],
    ['IncidentAcknowledged', 'acknowledged'],
    ['IncidentResolved', 'resolved'],
    ['IncidentReopened', 'reopened'],
    ['IncidentSeverityChanged', 'severity_changed'],
    ['IncidentFlapping', 'flapping'],
    ['IncidentStabilised', 'flapping'],
    ['AlertDeduplicated', 'deduplicated'],
    ['IncidentNoteAdded', 'note'],
    ['IncidentEscalated', 'escalated'],
  ];
  for (const [type, subscription] of mapping) {
    it(`${type} → ${subscription}`, () => assert.equal(subscriptionOf(type), subscription));
  }
  it('covers every event type in the contracts', () => {
    assert.deepEqual(new Set(INCIDENT_EVENT_TYPES), new Set(mapping.map(([t]) => t)));
  });

  const storageProd = incident({ team: 'storage', env: 'prod', alertname: 'X' }, 'critical');
  const routed: Array<[IncidentEventType, Partial<IncidentSnapshot>, string[]]> = [
    // deduplicated and note are off by default: only the route that opted in gets them.
    ['AlertDeduplicated', storageProd, ['audit-log']],
    ['IncidentNoteAdded', storageProd, ['audit-log']],
    ['IncidentAcknowledged', storageProd, ['audit-log', 'storage-pager', 'storage-rest']],
    ['IncidentSeverityChanged', storageProd, ['audit-log', 'storage-pager', 'storage-rest']],
    // web-info subscribes to triggered and resolved only, and does not fall through to its parent.
    ['IncidentTriggered', incident({ team: 'web' }, 'info'), ['web-info']],
    ['IncidentResolved', incident({ team: 'web' }, 'info'), ['web-info']],
    ['IncidentAcknowledged', incident({ team: 'web' }, 'info'), []],
  ];
  for (const [type, inc, expected] of routed) {
    it(`${type} for ${JSON.stringify(inc.labels)} → ${expected.join(', ') || 'nobody'}`, () => {
      assert.deepEqual(
        matchRoutes(ungrouped, message(type, inc)).map((t) => t.receiverId),
        expected,
      );
    });
  }
  it('a grouped route follows every event that changes a group, whatever it subscribes to', () => {
    const grouped = RoutingTreeConfig.parse({ receiver: 'g', groupBy: ['alertname'], eventTypes: ['triggered'] });
    assert.deepEqual(matchRoutes(grouped, message('IncidentResolved')).map((t) => [t.receiverId, t.grouping?.sendResolved]), [['g', false]]);
    assert.deepEqual(matchRoutes(grouped, message('AlertDeduplicated')), []);
  });
  it('event_type pseudo-label routes by event type with fall-through', () => {
    const t = RoutingTreeConfig.parse({
      receiver: 'default',
      routes: [{ matchers: ['event_type="IncidentResolved"'], receiver: 'resolutions' }],
    });
    assert.deepEqual(matchRoutes(t, message('IncidentResolved')).map((x) => x.receiverId), ['resolutions']);
    assert.deepEqual(matchRoutes(t, message('IncidentTriggered')).map((x) => x.receiverId), ['default']);
  });
});

describe('flapping hold', () => {
  const cases: Array<[IncidentEventType, boolean]> = [
    ['IncidentTriggered', true],
    ['IncidentAcknowledged', true],
    ['IncidentReopened', true],
    ['IncidentSeverityChanged', true],
    ['AlertDeduplicated', true],
    ['IncidentNoteAdded', true],
    ['IncidentFlapping', false],
    ['IncidentStabilised', false],
    ['IncidentResolved', false],
  ];
  const everything = RoutingTreeConfig.parse({ receiver: 'all', eventTypes: [...SUBSCRIPTIONS] });
  for (const [type, held] of cases) {
    it(`${type} while flapping: ${held ? 'held' : 'routed'}`, () => {
      const msg = message(type, { flapping: true });
      assert.equal(isHeldForFlapping(msg), held);
      assert.equal(matchRoutes(everything, msg).length, held ? 0 : 1);
    });
  }
  it('nothing is held when the incident is not flapping', () => {
    for (const [type] of cases) assert.equal(matchRoutes(everything, message(type, { flapping: false })).length, 1, type);
  });
});

describe('RoutingTreeConfig', () => {
  const invalid: Array<[string, unknown, RegExp]> = [
    ['root matchers', { receiver: 'r', matchers: ['a="b"'] }, /root route must not have matchers/],
    ['root continue', { receiver: 'r', continue: true }, /root route must not set continue/],
    ['receiver not a subject token', { receiver: 'ops.pager' }, /must contain only/],
    ['unknown subscription', { receiver: 'r', eventTypes: ['everything'] }, /./],
    ['negative repeat', { receiver: 'r', repeatIntervalSeconds: -1 }, /./],
  ];
  for (const [name, config, message] of invalid) {
    it(`rejects ${name}`, () => {
      const result = RoutingTreeConfig.safeParse(config);
      assert.equal(result.success, false);
      assert.match(result.error.message, message);
    });
  }
  it('points at a bad regex deep in the tree', () => {
    const result = RoutingTreeConfig.safeParse({
      receiver: 'r',
      routes: [{ receiver: 'a' }, { receiver: 'b', routes: [{ matchers: ['team=~"("'] }] }],
    });
    assert.equal(result.success, false);
    const issue = result.error.issues[0]!;
    assert.deepEqual(issue.path, ['routes', 1, 'routes', 0, 'matchers', 0]);
    assert.match(issue.message, /matcher team=~"\(": invalid regular expression/);
  });
  it('a root without a receiver routes unmatched incidents nowhere', () => {
    const t = RoutingTreeConfig.parse({ routes: [{ matchers: ['team="db"'], receiver: 'db' }] });
    assert.deepEqual(matchRoutes(t, message('IncidentTriggered', { labels: { team: 'web' } })), []);
    assert.deepEqual(matchRoutes(t, message('IncidentTriggered', { labels: { team: 'db' } })).map((x) => x.receiverId), ['db']);
  });
});

describe('group options: validation names the field', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ["'...' with other labels", { groupBy: ['...', 'alertname'] }, 'groupBy'],
    ['a label twice', { groupBy: ['a', 'a'] }, 'groupBy'],
    ['a negative group wait', { groupWaitSeconds: -1 }, 'groupWaitSeconds'],
    ['a zero group interval', { groupIntervalSeconds: 0 }, 'groupIntervalSeconds'],
    ['a fractional group interval', { groupIntervalSeconds: 1.5 }, 'groupIntervalSeconds'],
    ['a nested route', { routes: [{ groupWaitSeconds: 'soon' }] }, 'routes.0.groupWaitSeconds'],
  ];
  for (const [name, config, path] of cases) {
    it(name, () => {
      const result = RoutingTreeConfig.safeParse({ receiver: 'r', ...config });
      assert.equal(result.success, false);
      assert.deepEqual(result.error?.issues.map((i) => i.path.join('.')), [path]);
    });
  }
});
