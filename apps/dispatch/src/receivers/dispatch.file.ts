import { z } from 'zod';
import {
  EscalationPolicyConfig,
  InhibitRuleConfig,
  MaintenanceWindowConfig,
  RoutingTreeConfig,
  SilenceConfig,
} from '../routing/domain/index.js';
import { ReceiverSpec } from './domain/receiver.js';

function uniqueIds(list: ReadonlyArray<{ id: string }>, path: string, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  for (const [i, item] of list.entries()) {
    if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [path, i, 'id'], message: `duplicate id "${item.id}"` });
    seen.add(item.id);
  }
}

/**
 * `dispatch:` in the configuration file, applied at start (GitOps). Everything declared here
 * is file-managed: read-only in the API. `route`, when present, owns the whole routing tree;
 * without it the tree is managed through the API. Routes may name receivers created through
 * the API; unknown names are refused when the file is applied.
 */
export const DispatchSection = z
  .object({
    receivers: z.array(ReceiverSpec).default([]),
    route: RoutingTreeConfig.optional(),
    silences: z.array(SilenceConfig).default([]),
    inhibitRules: z.array(InhibitRuleConfig).default([]),
    maintenanceWindows: z.array(MaintenanceWindowConfig).default([]),
    escalationPolicies: z.array(EscalationPolicyConfig).default([]),
  })
  .superRefine((section, ctx) => {
    uniqueIds(section.receivers, 'receivers', ctx);
    uniqueIds(section.silences, 'silences', ctx);
    uniqueIds(section.inhibitRules, 'inhibitRules', ctx);
    uniqueIds(section.maintenanceWindows, 'maintenanceWindows', ctx);
    uniqueIds(section.escalationPolicies, 'escalationPolicies', ctx);
  });
export type DispatchSection = z.infer<typeof DispatchSection>;

export { receiverSecretRefs } from './receiver-secret-refs.js';
