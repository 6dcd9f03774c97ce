import { SubjectToken } from '@herald/contracts';
import { z } from 'zod';

const MAX_WAIT_SECONDS = 7 * 24 * 3600;

/** One step: notify `receivers`, then wait `waitSeconds` for an acknowledgement before the next step. */
export const EscalationStepConfig = z.object({
  receivers: z.array(SubjectToken).min(1).max(50),
  /** Seconds (minutes × 60), so tests and drills can shorten them. */
  waitSeconds: z.number().int().min(1).max(MAX_WAIT_SECONDS),
});
export type EscalationStep = z.output<typeof EscalationStepConfig>;

/**
 * An escalation policy, chosen by a route's `escalationPolicy`: its steps run in order while
 * nobody acknowledges or resolves the incident; after the last step's wait the whole policy
 * runs again, `repeat` more times (0: once).
 */
export const EscalationPolicyConfig = z.object({
  id: z.string().min(1).max(128),
  description: z.string().max(1_000).optional(),
  steps: z.array(EscalationStepConfig).min(1).max(20),
  repeat: z.number().int().min(0).max(100).default(0),
});
export type EscalationPolicy = z.output<typeof EscalationPolicyConfig>;

export interface EscalationPolicyInput {
  id: string;
  description?: string;
  steps: Array<{ receivers: string[]; waitSeconds: number }>;
  repeat: number;
}

export function escalationPolicyToConfig(p: EscalationPolicy): EscalationPolicyInput {
  return {
    id: p.id,
    ...(p.description !== undefined ? { description: p.description } : {}),
    steps: p.steps.map((s) => ({ receivers: [...s.receivers], waitSeconds: s.waitSeconds })),
    repeat: p.repeat,
  };
}

/** Where each receiver is named in a policy, as config paths (`steps.1.receivers.0`), for error messages. */
export function escalationReceiverPaths(p: EscalationPolicy): Array<{ receiver: string; path: (string | number)[] }> {
  return p.steps.flatMap((s, i) => s.receivers.map((receiver, j) => ({ receiver, path: ['steps', i, 'receivers', j] })));
}
