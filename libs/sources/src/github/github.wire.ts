import { type WireSamples, jsonBody } from '../testing/wire-sample.js';
import { githubPing, githubWorkflowFailed, githubWorkflowRequested, githubWorkflowSucceeded } from './github.samples.js';

const KEY = 'example-org/payments:CI@main';

export const githubWire: WireSamples = {
  source: 'github',
  origin:
    'docs.github.com/webhooks/webhook-events-and-payloads#workflow_run: X-GitHub-Event workflow_run with action ' +
    'requested, in_progress or completed, workflow_run {name, head_branch, conclusion, html_url, run_number, ...}, ' +
    'workflow, repository, sender; a ping event when the hook is created.',
  samples: [
    { name: 'ping', headers: { 'x-github-event': 'ping' }, body: jsonBody(githubPing), expect: [] },
    { name: 'workflow run requested', headers: { 'x-github-event': 'workflow_run' }, body: jsonBody(githubWorkflowRequested), expect: [] },
    { name: 'workflow run failed', headers: { 'x-github-event': 'workflow_run' }, body: jsonBody(githubWorkflowFailed), expect: [{ action: 'trigger', severity: 'error', dedupKey: KEY }] },
    { name: 'workflow run succeeded', headers: { 'x-github-event': 'workflow_run' }, body: jsonBody(githubWorkflowSucceeded), expect: [{ action: 'resolve', severity: 'info', dedupKey: KEY }] },
  ],
};
