/**
 * Bitbucket Cloud commit status webhooks as Pipelines causes them, shaped as the event
 * payloads docs ("Repository events: commit status created / updated") describe.
 */
const repository = {
  type: 'repository',
  full_name: 'example-team/payments',
  name: 'payments',
  uuid: '{3f2b3c9e-7a1d-4d1f-9c55-0b8e2f1d6a11}',
  is_private: true,
  scm: 'git',
  links: {
    self: { href: 'https://api.bitbucket.org/2.0/repositories/example-team/payments' },
    html: { href: 'https://bitbucket.org/example-team/payments' },
    avatar: { href: 'https://bytebucket.org/ravatar/%7B3f2b3c9e-7a1d-4d1f-9c55-0b8e2f1d6a11%7D?ts=default' },
  },
  owner: { type: 'team', display_name: 'Example Team', uuid: '{b0a1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d}', username: 'example-team' },
  workspace: { type: 'workspace', slug: 'example-team', name: 'Example Team', uuid: '{b0a1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d}' },
};
const actor = { type: 'user', display_name: 'Meredith Grey', nickname: 'meredith', uuid: '{c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f}', account_id: '557058:1c2d3e4f' };

function commitStatus(run: number, state: string, description: string, updatedOn: string) {
  return {
    commit_status: {
      type: 'build',
      key: `${run}88d6c44f`,
      name: `Pipeline #${run} for main`,
      description,
      state,
      refname: 'main',
      url: `https://bitbucket.org/example-team/payments/addon/pipelines/home#!/results/${run}`,
      created_on: '2024-05-01T11:48:12.385012+00:00',
      updated_on: updatedOn,
      commit: { type: 'commit', hash: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821' },
      links: {
        commit: { href: 'https://api.bitbucket.org/2.0/repositories/example-team/payments/commit/ec26c3e57ca3a959ca5aad62de7213c562f8c821' },
        self: { href: `https://api.bitbucket.org/2.0/repositories/example-team/payments/commit/ec26c3e57ca3a959ca5aad62de7213c562f8c821/statuses/build/${run}88d6c44f` },
      },
    },
    repository,
    actor,
  };
}

export const bitbucketInProgress = commitStatus(41, 'INPROGRESS', 'In progress', '2024-05-01T11:48:12.385012+00:00');
export const bitbucketFailed = commitStatus(41, 'FAILED', 'Failed', '2024-05-01T11:52:47.102934+00:00');
export const bitbucketSuccessful = commitStatus(42, 'SUCCESSFUL', 'Successful', '2024-05-01T12:20:11.550341+00:00');

export const bitbucketSamples = { bitbucketInProgress, bitbucketFailed, bitbucketSuccessful };
