import { z } from 'zod';
import { OptText } from '../core/schemas.js';

/**
 * Bitbucket Cloud's `repo:commit_status_created` / `repo:commit_status_updated` webhook
 * (X-Event-Key), which Bitbucket Pipelines (and any CI reporting build statuses) causes.
 */
export const bitbucketCommitStatus = z.object({
  commit_status: z.object({
    key: z.string().min(1),
    name: OptText,
    description: OptText,
    state: z.string().min(1),
    refname: OptText,
    url: OptText,
    type: OptText,
    created_on: OptText,
    updated_on: OptText,
  }),
  repository: z.object({ full_name: z.string().min(1), name: OptText, links: z.object({ html: z.object({ href: OptText }).nullish() }).nullish() }),
  actor: z.object({ display_name: OptText, nickname: OptText }).nullish(),
});
export type BitbucketCommitStatus = z.infer<typeof bitbucketCommitStatus>;
