import { type AlertAction, type Severity } from '@herald/contracts';
import { parseWith } from '../core/field-errors.js';
import { compactText, isRecord, lookup } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { firstText } from '../core/text.js';
import { isoTime } from '../core/time.js';
import { type AlertDraft, type NormaliseContext, type ParseResult } from '../core/types.js';
import { type SeverityResolver } from '../core/severity.js';
import { checkRunCompleted, type GitHubPayload, workflowRunCompleted } from './github.schema.js';

/** Keyed by run conclusion. */
export const GITHUB_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  failure: 'error',
  timed_out: 'error',
  cancelled: 'error',
  startup_failure: 'error',
  success: 'info',
};

/** Conclusions that change an incident; neutral, skipped, stale and action_required do not. */
export const GITHUB_CONCLUSIONS: Readonly<Record<string, { action: AlertAction; verb: string }>> = {
  failure: { action: 'trigger', verb: 'failed' },
  timed_out: { action: 'trigger', verb: 'timed out' },
  cancelled: { action: 'trigger', verb: 'was cancelled' },
  startup_failure: { action: 'trigger', verb: 'failed to start' },
  success: { action: 'resolve', verb: 'succeeded' },
};

const EVENTS = new Set(['workflow_run', 'check_run']);

function parseGitHub(body: unknown): ParseResult<GitHubPayload> {
  if (!isRecord(body)) return { ok: false, errors: [{ path: '', message: 'must be a JSON object' }] };
  // Only completed runs carry an outcome; every other event or action is accepted and ignored.
  if (body.action !== 'completed') return { ok: true, value: { kind: 'ignored' } };
  if (body.workflow_run !== undefined) {
    const parsed = parseWith(workflowRunCompleted, body);
    return parsed.ok ? { ok: true, value: { kind: 'workflow_run', value: parsed.value } } : parsed;
  }
  if (body.check_run !== undefined) {
    const parsed = parseWith(checkRunCompleted, body);
    return parsed.ok ? { ok: true, value: { kind: 'check_run', value: parsed.value } } : parsed;
  }
  return { ok: true, value: { kind: 'ignored' } };
}

interface RunFacts {
  kind: 'Workflow' | 'Check';
  name: string;
  conclusion: string;
  repository: string;
  branch: string | undefined;
  url: string | undefined;
  finishedAt: string | null | undefined;
  details: Record<string, unknown>;
}

function runDraft(run: RunFacts, severity: SeverityResolver): AlertDraft | undefined {
  const outcome = lookup(GITHUB_CONCLUSIONS, run.conclusion);
  if (outcome === undefined) return undefined;
  const where = run.branch === undefined ? run.repository : `${run.repository}@${run.branch}`;
  return {
    action: outcome.action,
    // A failure on one branch and a success on another are different problems.
    dedupKey: run.branch === undefined ? `${run.repository}:${run.name}` : `${run.repository}:${run.name}@${run.branch}`,
    severity: severity(run.conclusion, 'error'),
    summary: `${run.kind} "${run.name}" ${outcome.verb} on ${where}`,
    service: run.repository,
    labels: compactText({
      repository: run.repository,
      [run.kind === 'Workflow' ? 'workflow' : 'check']: run.name,
      branch: run.branch,
      conclusion: run.conclusion,
    }),
    annotations: {},
    details: { conclusion: run.conclusion, ...run.details },
    links: [{ href: run.url, text: `${run.kind} run` }],
    occurredAt: isoTime(run.finishedAt),
  };
}

function facts(payload: GitHubPayload): RunFacts | undefined {
  switch (payload.kind) {
    case 'workflow_run': {
      const { workflow_run: run, workflow, repository } = payload.value;
      return {
        kind: 'Workflow',
        // The schema guarantees one of the two names.
        name: firstText(run.name, workflow?.name) ?? '',
        conclusion: run.conclusion ?? '',
        repository: repository.full_name,
        branch: firstText(run.head_branch),
        url: firstText(run.html_url),
        finishedAt: run.updated_at,
        details: {
          runId: run.id,
          runNumber: run.run_number,
          runAttempt: run.run_attempt,
          headSha: run.head_sha,
          event: run.event,
          title: run.display_title,
          workflowPath: workflow?.path,
        },
      };
    }
    case 'check_run': {
      const { check_run: run, repository } = payload.value;
      return {
        kind: 'Check',
        name: run.name,
        conclusion: run.conclusion ?? '',
        repository: repository.full_name,
        branch: firstText(run.check_suite?.head_branch),
        url: firstText(run.html_url, run.details_url),
        finishedAt: run.completed_at,
        details: {
          checkRunId: run.id,
          headSha: run.head_sha,
          app: firstText(run.app?.slug, run.app?.name),
          outputTitle: run.output?.title,
          outputSummary: run.output?.summary,
        },
      };
    }
    case 'ignored':
      return undefined;
  }
}

function headerAllows(ctx: NormaliseContext): boolean {
  const event = ctx.headers['x-github-event'];
  return event === undefined || EVENTS.has(event);
}

export const githubSource = defineSource<GitHubPayload>({
  source: 'github',
  severityMap: GITHUB_SEVERITY_MAP,
  parse: parseGitHub,
  toAlerts: (payload, ctx, severity) => {
    const run = headerAllows(ctx) ? facts(payload) : undefined;
    const draft = run === undefined ? undefined : runDraft(run, severity);
    return { drafts: draft === undefined ? [] : [draft] };
  },
});
