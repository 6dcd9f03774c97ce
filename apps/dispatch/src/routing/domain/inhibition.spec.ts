import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type IncidentSnapshot } from '@herald/contracts';
import { snapshot } from './incident-message.fixture.js';
import { type InhibitRule, InhibitRuleConfig, inhibitionFor } from './inhibition.js';
import { incidentLabels } from './matchers.js';

const clusterDown = InhibitRuleConfig.parse({
  id: 'cluster-down',
  sourceMatchers: ['alertname="ClusterDown"'],
  targetMatchers: ['severity=~"warning|error"'],
  equal: ['cluster'],
});
const nodeRule = InhibitRuleConfig.parse({
  id: 'node-vs-node',
  sourceMatchers: ['alertname=~"Node.*"'],
  targetMatchers: ['alertname=~"Node.*"'],
  equal: ['cluster'],
});
const criticalMutesWarning = InhibitRuleConfig.parse({
  id: 'critical-mutes-warning',
  sourceMatchers: ['severity="critical"'],
  targetMatchers: ['severity="warning"'],
  equal: ['alertname', 'region'],
});

let n = 0;
function open(labels: Record<string, string>, overrides: Partial<IncidentSnapshot> = {}): IncidentSnapshot {
  n++;
  return snapshot({ id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, labels, severity: 'critical', ...overrides });
}

const TARGET_ID = 'ffffffff-0000-4000-8000-000000000000';
function target(labels: Record<string, string>, severity: IncidentSnapshot['severity'] = 'warning') {
  return { incidentId: TARGET_ID, labels: incidentLabels(snapshot({ id: TARGET_ID, labels, severity })) };
}

describe('inhibitionFor', () => {
  const source = open({ alertname: 'ClusterDown', cluster: 'a' });
  const cases: Array<{ name: string; rules: InhibitRule[]; target: ReturnType<typeof target>; open: IncidentSnapshot[]; expected?: [string, string] }> = [
    {
      name: 'an open source with equal labels mutes the target',
      rules: [clusterDown],
      target: target({ alertname: 'PodCrashLooping', cluster: 'a' }),
      open: [source],
      expected: ['cluster-down', source.id],
    },
    {
      name: 'an acknowledged source still mutes',
      rules: [clusterDown],
      target: target({ alertname: 'PodCrashLooping', cluster: 'a' }),
      open: [{ ...source, status: 'acknowledged' }],
      expected: ['cluster-down', source.id],
    },
    {
      name: 'a resolved source does not',
      rules: [clusterDown],
      target: target({ alertname: 'PodCrashLooping', cluster: 'a' }),
      open: [{ ...source, status: 'resolved' }],
    },
    {
      name: 'different values of an equal label do not',
      rules: [clusterDown],
      target: target({ alertname: 'PodCrashLooping', cluster: 'b' }),
      open: [source],
    },
    {
      name: 'an equal label present on one side only does not',
      rules: [clusterDown],
      target: target({ alertname: 'PodCrashLooping' }),
      open: [source],
    },
    {
      name: 'an equal label absent on both sides counts as equal',
      rules: [criticalMutesWarning],
      target: target({ alertname: 'DiskFull' }),
      open: [open({ alertname: 'DiskFull' })],
      expected: ['critical-mutes-warning', `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`],
    },
    {
      name: 'a target outside the target matchers is not muted',
      rules: [clusterDown],
      target: target({ alertname: 'PodCrashLooping', cluster: 'a' }, 'critical'),
      open: [source],
    },
    {
      name: 'no open incidents, no inhibition',
      rules: [clusterDown],
      target: target({ alertname: 'PodCrashLooping', cluster: 'a' }),
      open: [],
    },
    {
      name: 'source matchers see the pseudo-labels of the source (severity)',
      rules: [criticalMutesWarning],
      target: target({ alertname: 'DiskFull', region: 'eu' }),
      open: [open({ alertname: 'DiskFull', region: 'eu' }, { severity: 'error' })],
    },
    {
      name: 'two incidents matching both sides do not mute each other',
      rules: [nodeRule],
      target: target({ alertname: 'NodeDown', cluster: 'a' }),
      open: [open({ alertname: 'NodeUnreachable', cluster: 'a' })],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = inhibitionFor(c.rules, c.target, c.open);
      assert.deepEqual(result ? [result.rule.id, result.sourceIncidentId] : undefined, c.expected);
    });
  }

  it('an incident never inhibits itself', () => {
    const self = snapshot({ id: TARGET_ID, labels: { alertname: 'NodeDown', cluster: 'a' }, severity: 'warning' });
    const rule = InhibitRuleConfig.parse({ id: 'r', sourceMatchers: ['alertname="NodeDown"'], targetMatchers: ['severity="warning"'] });
    assert.equal(inhibitionFor([rule], { incidentId: TARGET_ID, labels: incidentLabels(self) }, [self]), undefined);
  });

  it('the first rule that mutes is reported', () => {
    const src = open({ alertname: 'ClusterDown', cluster: 'a' });
    const result = inhibitionFor([nodeRule, criticalMutesWarning, clusterDown], target({ alertname: 'ClusterDown', cluster: 'a' }), [src]);
    assert.equal(result?.rule.id, 'critical-mutes-warning');
  });

  it('rejects a rule without target matchers', () => {
    assert.equal(InhibitRuleConfig.safeParse({ id: 'x', sourceMatchers: ['a="b"'], targetMatchers: [] }).success, false);
  });
});
