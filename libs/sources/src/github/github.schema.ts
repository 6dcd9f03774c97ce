import { z } from 'zod';
import { isRecord } from '../core/maps.js';
import { OptText } from '../core/schemas.js';

const repository = z.object({ full_name: z.string().min(1), html_url: OptText });

/** `workflow_run` webhook with action "completed". */
export const workflowRunCompleted = z
  .object({
    action: z.literal('completed'),
    workflow_run: z.object({
      id: z.number().nullish(),
      name: OptText,
      display_title: OptText,
      conclusion: OptText,
      html_url: OptText,
      head_branch: OptText,
      head_sha: OptText,
      run_number: z.number().nullish(),
      run_attempt: z.number().nullish(),
      event: OptText,
      updated_at: OptText,
    }),
    workflow: z.object({ name: OptText, path: OptText }).nullish(),
    repository,
  })
  .superRefine((event, ctx) => {
    if (!isRecord(event) || !isRecord(event.workflow_run)) return;
    const workflow = isRecord(event.workflow) ? event.workflow : {};
    const named = [event.workflow_run.name, workflow.name].some((n) => typeof n === 'string' && n.trim() !== '');
    if (!named) ctx.addIssue({ code: 'custom', path: ['workflow_run', 'name'], message: 'is required' });
  }, { when: () => true });
export type WorkflowRunCompleted = z.infer<typeof workflowRunCompleted>;

/** `check_run` webhook with action "completed". */
export const checkRunCompleted = z.object({
  action: z.literal('completed'),
  check_run: z.object({
    id: z.number().nullish(),
    name: z.string().min(1),
    conclusion: OptText,
    html_url: OptText,
    details_url: OptText,
    head_sha: OptText,
    completed_at: OptText,
    output: z.object({ title: OptText, summary: OptText }).nullish(),
    check_suite: z.object({ head_branch: OptText }).nullish(),
    app: z.object({ slug: OptText, name: OptText }).nullish(),
  }),
  repository,
});
export type CheckRunCompleted = z.infer<typeof checkRunCompleted>;

export type GitHubPayload =
  | { kind: 'workflow_run'; value: WorkflowRunCompleted }
  | { kind: 'check_run'; value: CheckRunCompleted }
  | { kind: 'ignored' };
