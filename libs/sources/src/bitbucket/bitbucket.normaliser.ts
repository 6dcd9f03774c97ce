import { type AlertAction, type Severity } from '@herald/contracts';
import { parseWith } from '../core/field-errors.js';
import { compactText, isRecord, lookup } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { firstText } from '../core/text.js';
import { isoTime } from '../core/time.js';
import { type ParseResult } from '../core/types.js';
import { bitbucketCommitStatus, type BitbucketCommitStatus } from './bitbucket.schema.js';

/** Keyed by commit status state. */
export const BITBUCKET_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  failed: 'error',
  stopped: 'warning',
  successful: 'info',
};

/** INPROGRESS changes nothing; a stopped pipeline did not deliver, like GitHub's cancelled. */
const OUTCOMES: Readonly<Record<string, { action: AlertAction; verb: string }>> = {
  failed: { action: 'trigger', verb: 'failed' },
  stopped: { action: 'trigger', verb: 'was stopped' },
  successful: { action: 'resolve', verb: 'succeeded' },
};

function parseBitbucket(body: unknown): ParseResult<BitbucketCommitStatus | undefined> {
  if (!isRecord(body)) return { ok: false, errors: [{ path: '', message: 'must be a JSON object' }] };
  // Push, pull request and other repository events a shared hook may send mean no alert.
  if (body.commit_status === undefined) return { ok: true, value: undefined };
  return parseWith(bitbucketCommitStatus, body);
}

export const bitbucketSource = defineSource<BitbucketCommitStatus | undefined>({
  source: 'bitbucket',
  severityMap: BITBUCKET_SEVERITY_MAP,
  parse: parseBitbucket,
  toAlerts: (event, _ctx, severity) => {
    if (event === undefined) return { drafts: [] };
    const status = event.commit_status;
    const state = status.state.toLowerCase();
    const outcome = lookup(OUTCOMES, state);
    if (outcome === undefined) return { drafts: [] };
    const repository = event.repository.full_name;
    const ref = firstText(status.refname);
    return {
      drafts: [
        {
          action: outcome.action,
          // Pipelines gives every run its own status key, so the branch is what ties a failure to its fix.
          dedupKey: ref === undefined ? `${repository}:${status.key}` : `${repository}:build@${ref}`,
          severity: severity(state, 'error'),
          summary: `${firstText(status.name) ?? 'Build'} ${outcome.verb} on ${repository}${ref === undefined ? '' : `@${ref}`}`,
          service: repository,
          labels: compactText({ repository, ref, state: status.state }),
          annotations: compactText({ description: status.description }),
          details: { key: status.key, name: status.name, type: status.type },
          links: [{ href: status.url, text: 'Build' }, { href: event.repository.links?.html?.href, text: 'Repository' }],
          occurredAt: isoTime(status.updated_on) ?? isoTime(status.created_on),
        },
      ],
    };
  },
});
