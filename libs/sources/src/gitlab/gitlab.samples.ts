/** GitLab project webhook bodies, shaped as the examples in GitLab's "Webhook events" docs. */
const project = {
  id: 1,
  name: 'Gitlab Test',
  description: 'Atque in sunt eos similique dolores voluptatem.',
  web_url: 'http://gitlab.example.com/gitlab-org/gitlab-test',
  avatar_url: null,
  git_ssh_url: 'git@gitlab.example.com:gitlab-org/gitlab-test.git',
  git_http_url: 'http://gitlab.example.com/gitlab-org/gitlab-test.git',
  namespace: 'Gitlab Org',
  visibility_level: 20,
  path_with_namespace: 'gitlab-org/gitlab-test',
  default_branch: 'master',
};
const user = { id: 1, name: 'Administrator', username: 'root', avatar_url: 'http://www.gravatar.com/avatar/e32bd13e2add097461cb96824b7a829c?s=80&d=identicon', email: 'admin@example.com' };

function pipeline(id: number, status: string, detailedStatus: string, finishedAt: string | null) {
  return {
    object_kind: 'pipeline',
    object_attributes: {
      id,
      iid: id - 28,
      name: 'Pipeline for branch: master',
      ref: 'master',
      tag: false,
      sha: 'bcbb5ec396a2c0f828686f14fac9b80b780504f2',
      before_sha: 'bcbb5ec396a2c0f828686f14fac9b80b780504f2',
      source: 'push',
      status,
      detailed_status: detailedStatus,
      stages: ['build', 'test', 'deploy'],
      created_at: '2024-05-01 11:23:28 UTC',
      finished_at: finishedAt,
      duration: finishedAt === null ? null : 63,
      queued_duration: 12,
      variables: [],
      url: `http://gitlab.example.com/gitlab-org/gitlab-test/-/pipelines/${id}`,
    },
    merge_request: null,
    user,
    project,
    commit: {
      id: 'bcbb5ec396a2c0f828686f14fac9b80b780504f2',
      message: 'Fix the checkout retry\n',
      title: 'Fix the checkout retry',
      timestamp: '2024-05-01T13:23:21+02:00',
      url: 'http://gitlab.example.com/gitlab-org/gitlab-test/-/commit/bcbb5ec396a2c0f828686f14fac9b80b780504f2',
      author: { name: 'User', email: 'user@gitlab.com' },
    },
    builds: [],
  };
}

export const gitlabPipelineRunning = pipeline(31, 'running', 'running', null);
export const gitlabPipelineFailed = pipeline(31, 'failed', 'failed', '2024-05-01 11:26:29 UTC');
export const gitlabPipelineSucceeded = pipeline(32, 'success', 'passed', '2024-05-01 11:41:02 UTC');

export const gitlabDeploymentFailed = {
  object_kind: 'deployment',
  status: 'failed',
  status_changed_at: '2024-05-01 11:50:04 +0000',
  deployment_id: 15,
  deployable_id: 796,
  deployable_url: 'http://gitlab.example.com/gitlab-org/gitlab-test/-/jobs/796',
  environment: 'production',
  environment_tier: 'production',
  environment_slug: 'production',
  environment_external_url: 'https://gitlab-test.example.com',
  project,
  short_sha: 'bcbb5ec3',
  user,
  user_url: 'http://gitlab.example.com/root',
  commit_url: 'http://gitlab.example.com/gitlab-org/gitlab-test/-/commit/bcbb5ec396a2c0f828686f14fac9b80b780504f2',
  commit_title: 'Fix the checkout retry',
  ref: 'master',
};

export const gitlabSamples = { gitlabPipelineRunning, gitlabPipelineFailed, gitlabPipelineSucceeded, gitlabDeploymentFailed };
