import { type AlertAction, type Severity } from '@herald/contracts';
import { parseWith } from '../core/field-errors.js';
import { compactText, isRecord, lookup } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { firstText } from '../core/text.js';
import { isoTime } from '../core/time.js';
import { type AlertDraft, type ParseResult } from '../core/types.js';
import { type SeverityResolver } from '../core/severity.js';
import { gitlabDeploymentEvent, type GitlabDeploymentEvent, type GitlabPayload, gitlabPipelineEvent, type GitlabPipelineEvent } from './gitlab.schema.js';

/** Keyed by pipeline or deployment status. */
export const GITLAB_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  failed: 'error',
  canceled: 'warning',
  success: 'info',
};

/** Statuses that change an incident; created, pending, running, manual, skipped and the like do not. */
export const GITLAB_STATUSES: Readonly<Record<string, { action: AlertAction; verb: string }>> = {
  failed: { action: 'trigger', verb: 'failed' },
  canceled: { action: 'trigger', verb: 'was canceled' },
  success: { action: 'resolve', verb: 'succeeded' },
};

function parseGitlab(body: unknown): ParseResult<GitlabPayload> {
  if (!isRecord(body)) return { ok: false, errors: [{ path: '', message: 'must be a JSON object' }] };
  if (body.object_kind === 'pipeline') {
    const parsed = parseWith(gitlabPipelineEvent, body);
    return parsed.ok ? { ok: true, value: { kind: 'pipeline', value: parsed.value } } : parsed;
  }
  if (body.object_kind === 'deployment') {
    const parsed = parseWith(gitlabDeploymentEvent, body);
    return parsed.ok ? { ok: true, value: { kind: 'deployment', value: parsed.value } } : parsed;
  }
  // Push, merge request, issue and other events a shared hook may also send mean no alert.
  return { ok: true, value: { kind: 'ignored' } };
}

/** GitLab writes `2016-08-12 15:26:29 UTC`. */
function gitlabTime(value: string | null | undefined): string | undefined {
  return isoTime(value?.replace(/\s+UTC$/, 'Z'));
}

function pipelineDraft({ object_attributes: pipeline, project, commit }: GitlabPipelineEvent, severity: SeverityResolver): AlertDraft | undefined {
  const outcome = lookup(GITLAB_STATUSES, pipeline.status);
  if (outcome === undefined) return undefined;
  const repository = project.path_with_namespace;
  const ref = firstText(pipeline.ref);
  return {
    action: outcome.action,
    // Like GitHub: one incident per project and branch, so main failing is not resolved by a feature branch passing.
    dedupKey: ref === undefined ? `${repository}:pipeline` : `${repository}:pipeline@${ref}`,
    severity: severity(pipeline.status, 'error'),
    summary: `Pipeline ${outcome.verb} on ${repository}${ref === undefined ? '' : `@${ref}`}`,
    service: repository,
    labels: compactText({ project: repository, ref, status: pipeline.status, source: pipeline.source }),
    annotations: compactText({ commit: firstText(commit?.message) }),
    details: { pipelineId: pipeline.id, name: pipeline.name, sha: pipeline.sha, detailedStatus: pipeline.detailed_status },
    links: [{ href: pipeline.url, text: 'Pipeline' }, { href: commit?.url, text: 'Commit' }],
    occurredAt: gitlabTime(pipeline.finished_at) ?? gitlabTime(pipeline.created_at),
  };
}

function deploymentDraft(deployment: GitlabDeploymentEvent, severity: SeverityResolver): AlertDraft | undefined {
  const outcome = lookup(GITLAB_STATUSES, deployment.status);
  if (outcome === undefined) return undefined;
  const repository = deployment.project.path_with_namespace;
  return {
    action: outcome.action,
    dedupKey: `${repository}:deployment:${deployment.environment}`,
    severity: severity(deployment.status, 'error'),
    summary: `Deployment of ${repository} to ${deployment.environment} ${outcome.verb}`,
    service: repository,
    labels: compactText({ project: repository, environment: deployment.environment, ref: deployment.ref, status: deployment.status }),
    annotations: {},
    details: { deploymentId: deployment.deployment_id, shortSha: deployment.short_sha },
    links: [{ href: deployment.deployable_url, text: 'Deployment job' }],
    occurredAt: gitlabTime(deployment.status_changed_at),
  };
}

export const gitlabSource = defineSource<GitlabPayload>({
  source: 'gitlab',
  severityMap: GITLAB_SEVERITY_MAP,
  parse: parseGitlab,
  toAlerts: (payload, _ctx, severity) => {
    const draft =
      payload.kind === 'pipeline' ? pipelineDraft(payload.value, severity) : payload.kind === 'deployment' ? deploymentDraft(payload.value, severity) : undefined;
    return { drafts: draft === undefined ? [] : [draft] };
  },
});
