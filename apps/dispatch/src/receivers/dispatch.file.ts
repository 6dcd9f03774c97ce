import { z } from 'zod';
import { Channel, SubjectToken } from '@herald/contracts';
import { parseChannelConfig } from '../channels/index.js';
import { RetryPolicy } from '../delivery/domain/index.js';
import { RoutingTreeConfig, type Route } from '../routing/domain/index.js';

export const DeclaredReceiver = z
  .object({
    id: SubjectToken,
    name: z.string().min(1).max(200),
    channel: Channel,
    /** Channel settings, validated by the channel's own schema. */
    settings: z.record(z.string(), z.unknown()),
    retry: RetryPolicy.default(RetryPolicy.parse({})),
    enabled: z.boolean().default(true),
  })
  .superRefine((receiver, ctx) => {
    const check = parseChannelConfig(receiver.channel, receiver.settings);
    if (!check.ok) for (const problem of check.problems) ctx.addIssue({ code: 'custom', path: ['settings'], message: problem });
  });
export type DeclaredReceiver = z.infer<typeof DeclaredReceiver>;

/** `dispatch:` in the configuration file. */
export const DispatchSection = z
  .object({
    receivers: z.array(DeclaredReceiver).default([]),
    route: RoutingTreeConfig.default(RoutingTreeConfig.parse({})),
  })
  .superRefine((section, ctx) => {
    const ids = new Set(section.receivers.map((r) => r.id));
    if (ids.size !== section.receivers.length) ctx.addIssue({ code: 'custom', path: ['receivers'], message: 'receiver ids must be unique' });
    for (const name of receiversIn(section.route)) {
      if (!ids.has(name)) ctx.addIssue({ code: 'custom', path: ['route'], message: `route names unknown receiver "${name}"` });
    }
  });
export type DispatchSection = z.infer<typeof DispatchSection>;

function receiversIn(route: Route): string[] {
  return [...(route.receiver ? [route.receiver] : []), ...route.routes.flatMap(receiversIn)];
}
