import { z } from 'zod';
import { IdLike, OptText } from '../core/schemas.js';

const project = z.object({ path_with_namespace: z.string().min(1), web_url: OptText, name: OptText });

/** Pipeline event (`X-Gitlab-Event: Pipeline Hook`), sent on every status change. */
export const gitlabPipelineEvent = z.object({
  object_kind: z.literal('pipeline'),
  object_attributes: z.object({
    id: IdLike.nullish(),
    name: OptText,
    ref: OptText,
    sha: OptText,
    source: OptText,
    status: z.string().min(1),
    detailed_status: OptText,
    created_at: OptText,
    finished_at: OptText,
    url: OptText,
  }),
  project,
  user: z.object({ name: OptText, username: OptText }).nullish(),
  commit: z.object({ id: OptText, message: OptText, url: OptText }).nullish(),
});
export type GitlabPipelineEvent = z.infer<typeof gitlabPipelineEvent>;

/** Deployment event (`X-Gitlab-Event: Deployment Hook`), sent when a deployment starts, succeeds, fails or is cancelled. */
export const gitlabDeploymentEvent = z.object({
  object_kind: z.literal('deployment'),
  status: z.string().min(1),
  status_changed_at: OptText,
  deployment_id: IdLike.nullish(),
  environment: z.string().min(1),
  ref: OptText,
  short_sha: OptText,
  deployable_url: OptText,
  project,
  user: z.object({ name: OptText, username: OptText }).nullish(),
});
export type GitlabDeploymentEvent = z.infer<typeof gitlabDeploymentEvent>;

export type GitlabPayload =
  | { kind: 'pipeline'; value: GitlabPipelineEvent }
  | { kind: 'deployment'; value: GitlabDeploymentEvent }
  | { kind: 'ignored' };
