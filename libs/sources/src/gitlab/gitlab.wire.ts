import { type WireSamples, jsonBody } from '../testing/wire-sample.js';
import { gitlabDeploymentFailed, gitlabPipelineFailed, gitlabPipelineRunning, gitlabPipelineSucceeded } from './gitlab.samples.js';

const pipelineHook = { 'x-gitlab-event': 'Pipeline Hook' };
const KEY = 'gitlab-org/gitlab-test:pipeline@master';

export const gitlabWire: WireSamples = {
  source: 'gitlab',
  origin:
    'docs.gitlab.com/user/project/integrations/webhook_events (Pipeline events, Deployment events): X-Gitlab-Event ' +
    '"Pipeline Hook" with object_kind "pipeline", object_attributes {id, ref, status, detailed_status, created_at, ' +
    'finished_at ("2016-08-12 15:26:29 UTC"), url}, user, project {path_with_namespace, web_url}, commit, builds; ' +
    '"Deployment Hook" with object_kind "deployment", status, environment, deployable_url, project. The secret token ' +
    'arrives verbatim in X-Gitlab-Token.',
  samples: [
    { name: 'pipeline running', headers: pipelineHook, body: jsonBody(gitlabPipelineRunning), expect: [] },
    { name: 'pipeline failed', headers: pipelineHook, body: jsonBody(gitlabPipelineFailed), expect: [{ action: 'trigger', severity: 'error', dedupKey: KEY }] },
    { name: 'pipeline succeeded', headers: pipelineHook, body: jsonBody(gitlabPipelineSucceeded), expect: [{ action: 'resolve', severity: 'info', dedupKey: KEY }] },
    {
      name: 'deployment failed',
      headers: { 'x-gitlab-event': 'Deployment Hook' },
      body: jsonBody(gitlabDeploymentFailed),
      expect: [{ action: 'trigger', severity: 'error', dedupKey: 'gitlab-org/gitlab-test:deployment:production' }],
    },
  ],
};
