import { type WireSamples, jsonBody } from '../testing/wire-sample.js';
import { bitbucketFailed, bitbucketInProgress, bitbucketSuccessful } from './bitbucket.samples.js';

const KEY = 'example-team/payments:build@main';
const updated = { 'x-event-key': 'repo:commit_status_updated' };

export const bitbucketWire: WireSamples = {
  source: 'bitbucket',
  origin:
    'support.atlassian.com/bitbucket-cloud/docs/event-payloads (Repository events: commit status created, commit status ' +
    'updated; X-Event-Key repo:commit_status_created / repo:commit_status_updated): {commit_status: {type, key, name, ' +
    'description, state (INPROGRESS, SUCCESSFUL, FAILED, STOPPED), refname, url, created_on, updated_on, links}, ' +
    'repository, actor}; the commit status object is the one in the REST API (commit statuses).',
  samples: [
    { name: 'pipeline in progress', headers: { 'x-event-key': 'repo:commit_status_created' }, body: jsonBody(bitbucketInProgress), expect: [] },
    { name: 'pipeline failed', headers: updated, body: jsonBody(bitbucketFailed), expect: [{ action: 'trigger', severity: 'error', dedupKey: KEY }] },
    { name: 'next pipeline successful', headers: updated, body: jsonBody(bitbucketSuccessful), expect: [{ action: 'resolve', severity: 'info', dedupKey: KEY }] },
  ],
};
