import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type SourceType } from '@herald/contracts';
import { appdynamicsOpenCritical } from './appdynamics/appdynamics.samples.js';
import { betterStackStarted } from './better-stack/better-stack.samples.js';
import { bitbucketFailed } from './bitbucket/bitbucket.samples.js';
import { dynatraceOpen } from './dynatrace/dynatrace.samples.js';
import { elasticFired } from './elastic/elastic.samples.js';
import { gitlabPipelineFailed } from './gitlab/gitlab.samples.js';
import { gcmOpen } from './google-cloud-monitoring/google-cloud-monitoring.samples.js';
import { honeycombTriggered } from './honeycomb/honeycomb.samples.js';
import { normalise } from './normalise.js';
import { opsgenieCreate } from './opsgenie/opsgenie.samples.js';
import { pingdomDown } from './pingdom/pingdom.samples.js';
import { splunkObservabilityAnomalous } from './splunk-observability/splunk-observability.samples.js';
import { splunkOnCallCritical } from './splunk-oncall/splunk-oncall.samples.js';
import { DELETE, withChanges } from './testing/json-paths.js';
import { errorPaths, expectAlerts, testContext } from './testing/test-context.js';

/*
 * What the sources added for issue 11 accept and say nothing about (a tool's other events
 * and in-between states), and what they refuse, naming each bad field.
 */
const ctx = testContext();

const QUIET: Array<[SourceType, string, unknown]> = [
  ['gitlab', 'a push event', { object_kind: 'push', ref: 'refs/heads/master', project: { path_with_namespace: 'g/p' } }],
  ['gitlab', 'a running pipeline', withChanges(gitlabPipelineFailed, { 'object_attributes.status': 'running' })],
  ['bitbucket', 'a push event', { push: { changes: [] }, repository: { full_name: 'a/b' } }],
  ['bitbucket', 'a build in progress', withChanges(bitbucketFailed, { 'commit_status.state': 'INPROGRESS' })],
  ['better-stack', 'an unconfirmed incident', withChanges(betterStackStarted, { 'data.attributes.status': 'Unconfirmed' })],
  ['better-stack', 'a validating incident', withChanges(betterStackStarted, { 'data.attributes.status': 'Validating' })],
  ['splunk-oncall', 'an INFO message', withChanges(splunkOnCallCritical, { message_type: 'INFO' })],
  ['appdynamics', 'an event that is no health rule violation', withChanges(appdynamicsOpenCritical, { event_type: 'APPLICATION_DEPLOYMENT' })],
  ['pingdom', 'an unknown state', withChanges(pingdomDown, { current_state: 'UNKNOWN' })],
  ['google-cloud-monitoring', 'an unknown state', withChanges(gcmOpen, { 'incident.state': 'acknowledged' })],
  ['honeycomb', 'an unknown status', withChanges(honeycombTriggered, { status: 'SNOOZED' })],
  ['dynatrace', 'an unknown state', withChanges(dynatraceOpen, { State: 'UPDATED' })],
  ['splunk-observability', 'an unknown status', withChanges(splunkObservabilityAnomalous, { status: 'muted', statusExtended: 'muted' })],
];

const REFUSED: Array<[SourceType, string, unknown, string[]]> = [
  ['gitlab', 'a pipeline without status or project', withChanges(gitlabPipelineFailed, { 'object_attributes.status': DELETE, project: DELETE }), ['object_attributes.status', 'project']],
  ['bitbucket', 'a commit status without state', withChanges(bitbucketFailed, { 'commit_status.state': DELETE }), ['commit_status.state']],
  ['better-stack', 'an incident without id', withChanges(betterStackStarted, { 'data.id': DELETE }), ['data.id']],
  ['pingdom', 'a state change without check or state', withChanges(pingdomDown, { check_id: DELETE, current_state: DELETE }), ['check_id', 'current_state']],
  ['google-cloud-monitoring', 'an incident without id', withChanges(gcmOpen, { 'incident.incident_id': DELETE }), ['incident.incident_id']],
  ['splunk-oncall', 'an unknown message type', withChanges(splunkOnCallCritical, { message_type: 'PANIC' }), ['message_type']],
  ['splunk-observability', 'an alert without incidentId', withChanges(splunkObservabilityAnomalous, { incidentId: DELETE }), ['incidentId']],
  ['honeycomb', 'a trigger without name or status', withChanges(honeycombTriggered, { name: DELETE, status: DELETE }), ['name', 'status']],
  ['dynatrace', 'a problem without PID', withChanges(dynatraceOpen, { PID: DELETE }), ['PID']],
  ['elastic', 'a body without rule or action group', withChanges(elasticFired, { rule_id: DELETE, action_group: DELETE }), ['rule_id', 'action_group']],
  ['appdynamics', 'a body without incident id', withChanges(appdynamicsOpenCritical, { incident_id: DELETE }), ['incident_id']],
  ['opsgenie', 'an alert without message and a bad priority', withChanges(opsgenieCreate, { message: DELETE, priority: 'P9' }), ['message', 'priority']],
  ['opsgenie', 'a message over 130 characters', withChanges(opsgenieCreate, { message: 'x'.repeat(131) }), ['message']],
];

describe('sources added for issue 11', () => {
  describe('accept and stay quiet about', () => {
    for (const [source, what, body] of QUIET) {
      it(`${source}: ${what}`, () => assert.deepEqual(expectAlerts(normalise(source, body, ctx)), []));
    }
  });

  describe('refuse, naming each bad field', () => {
    for (const [source, what, body, paths] of REFUSED) {
      it(`${source}: ${what}`, () => assert.deepEqual(errorPaths(normalise(source, body, ctx)), paths));
    }
  });

  it("keeps Honeycomb's shared secret out of the alert", () => {
    const [alert] = expectAlerts(normalise('honeycomb', honeycombTriggered, ctx));
    assert.ok(!JSON.stringify(alert).includes(honeycombTriggered.shared_secret));
  });
});
