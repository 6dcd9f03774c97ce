/** GitHub webhook bodies (abridged to the fields GitHub documents for these events). */
const repository = {
  id: 186853002,
  node_id: 'MDEwOlJlcG9zaXRvcnkxODY4NTMwMDI=',
  name: 'payments',
  full_name: 'example-org/payments',
  private: true,
  html_url: 'https://github.com/example-org/payments',
  default_branch: 'main',
};

const sender = { login: 'octocat', id: 21031067, type: 'User' };

const workflowRun = {
  id: 9012345678,
  name: 'CI',
  node_id: 'WFR_kwLOCyNLSs8AAAACGOz1Tg',
  head_branch: 'main',
  head_sha: 'acb5820ced9479c074f688cc328bf03f341a511d',
  path: '.github/workflows/ci.yml',
  display_title: 'Bump undici to 7.30.2',
  run_number: 1432,
  event: 'push',
  status: 'completed',
  conclusion: 'failure',
  workflow_id: 6123456,
  html_url: 'https://github.com/example-org/payments/actions/runs/9012345678',
  created_at: '2024-05-01T11:40:02Z',
  updated_at: '2024-05-01T11:52:47Z',
  run_attempt: 1,
  run_started_at: '2024-05-01T11:40:02Z',
};

const workflow = {
  id: 6123456,
  name: 'CI',
  path: '.github/workflows/ci.yml',
  state: 'active',
  html_url: 'https://github.com/example-org/payments/blob/main/.github/workflows/ci.yml',
};

export const githubWorkflowFailed = { action: 'completed', workflow_run: workflowRun, workflow, repository, sender };

export const githubWorkflowSucceeded = {
  action: 'completed',
  workflow_run: { ...workflowRun, id: 9012349999, run_number: 1433, conclusion: 'success', updated_at: '2024-05-01T12:20:11Z' },
  workflow,
  repository,
  sender,
};

export const githubWorkflowRequested = {
  action: 'requested',
  workflow_run: { ...workflowRun, status: 'queued', conclusion: null },
  workflow,
  repository,
  sender,
};

export const githubCheckRunTimedOut = {
  action: 'completed',
  check_run: {
    id: 128620228,
    node_id: 'MDg6Q2hlY2tSdW4xMjg2MjAyMjg=',
    head_sha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
    external_id: '',
    url: 'https://api.github.com/repos/example-org/payments/check-runs/128620228',
    html_url: 'https://github.com/example-org/payments/runs/128620228',
    details_url: 'https://ci.example.com/builds/5521',
    status: 'completed',
    conclusion: 'timed_out',
    started_at: '2024-05-01T11:30:00Z',
    completed_at: '2024-05-01T11:59:59Z',
    output: { title: 'Integration tests', summary: 'Timed out after 30 minutes', text: null, annotations_count: 0 },
    name: 'integration-tests',
    check_suite: { id: 118578147, head_branch: 'release/2.14', head_sha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821', status: 'completed' },
    app: { id: 29310, slug: 'example-ci', name: 'Example CI' },
    pull_requests: [],
  },
  repository,
  sender,
};

export const githubPing = {
  zen: 'Design for failure.',
  hook_id: 109948940,
  hook: { type: 'Repository', id: 109948940, name: 'web', active: true, events: ['workflow_run', 'check_run'] },
  repository,
  sender,
};

export const githubSamples = {
  githubWorkflowFailed,
  githubWorkflowSucceeded,
  githubWorkflowRequested,
  githubCheckRunTimedOut,
  githubPing,
};
