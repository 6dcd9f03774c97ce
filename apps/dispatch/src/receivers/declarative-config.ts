import { z } from 'zod';
import { ConfigError, loadConfigSection } from '@herald/config';
import { type Logger } from '@herald/observability';
import {
  escalationPolicyPaths,
  escalationPolicyToConfig,
  escalationReceiverPaths,
  inhibitRuleToConfig,
  maintenanceWindowToConfig,
  receiverPaths,
  routeToConfig,
  silenceToConfig,
} from '../routing/domain/index.js';
import { type PlainHttpCheck } from '../security/plain-http-check.js';
import { type ConfigStore } from './config-store.js';
import { DispatchSection } from './dispatch.file.js';
import { receiverInput } from './domain/receiver.js';
import { receiverSecretRefs } from './receiver-secret-refs.js';

export const DECLARED_CONFIG = Symbol('DECLARED_CONFIG');
export const DISPATCH_CONFIG_FILE = Symbol('DISPATCH_CONFIG_FILE');

export interface DeclaredConfigApplied {
  /** The file declares `route`: the routing tree is read-only in the API. */
  readonly fileManagesRoute: boolean;
  readonly counts: Readonly<Record<'receivers' | 'silences' | 'inhibitRules' | 'maintenanceWindows' | 'escalationPolicies', number>>;
}

/** The section as written, to store receivers as declared (defaults stay defaults, not frozen copies). */
const RawSection = z.looseObject({ receivers: z.array(z.record(z.string(), z.unknown())).default([]) });

function withoutId<T extends { id: string }>(value: T): Record<string, unknown> {
  const { id: _id, ...rest } = value;
  return rest;
}

/**
 * Applies the `dispatch:` section of the configuration file (GitOps): the declared objects
 * become exactly the file-managed ones (created, updated, or removed when no longer
 * declared), in one transaction. A declared route naming an unknown receiver stops the start.
 */
export async function applyDeclaredConfig(store: ConfigStore, file: string | undefined, logger: Logger, plainHttp: PlainHttpCheck): Promise<DeclaredConfigApplied> {
  const refs = receiverSecretRefs(file);
  const section = loadConfigSection(file, 'dispatch', DispatchSection, refs);
  const raw = loadConfigSection(file, 'dispatch', RawSection, refs);
  const refused: string[] = [];
  for (const [i, receiver] of section.receivers.entries()) {
    for (const p of await plainHttp.problems(receiver.settings)) refused.push(`${file ?? '(defaults)'}: dispatch.receivers.${i}.${p.path}: ${p.message}`);
  }
  if (refused.length > 0) throw new ConfigError(refused);
  const summary = await store.write(async (manager) => {
    const receivers = await store.syncDeclared(
      'receivers',
      section.receivers.map((r, i) => ({ id: r.id, spec: receiverInput(raw.receivers[i] ?? {}) })),
      manager,
    );
    const silences = await store.syncDeclared('silences', section.silences.map((s) => ({ id: s.id, spec: withoutId(silenceToConfig(s)) })), manager);
    const inhibitRules = await store.syncDeclared('inhibit_rules', section.inhibitRules.map((r) => ({ id: r.id, spec: withoutId(inhibitRuleToConfig(r)) })), manager);
    const windows = await store.syncDeclared(
      'maintenance_windows',
      section.maintenanceWindows.map((w) => ({ id: w.id, spec: withoutId(maintenanceWindowToConfig(w)) })),
      manager,
    );
    const escalationPolicies = await store.syncDeclared(
      'escalation_policies',
      section.escalationPolicies.map((p) => ({ id: p.id, spec: withoutId(escalationPolicyToConfig(p)) })),
      manager,
    );
    const known = new Set((await store.list('receivers', manager)).map((r) => r.id));
    const unknownInPolicies = section.escalationPolicies.flatMap((p, i) =>
      escalationReceiverPaths(p)
        .filter((u) => !known.has(u.receiver))
        .map((u) => `${file ?? '(defaults)'}: ${['dispatch', 'escalationPolicies', i, ...u.path].join('.')}: unknown receiver "${u.receiver}"`),
    );
    if (unknownInPolicies.length > 0) throw new ConfigError(unknownInPolicies);
    const current = await store.currentTree(manager);
    if (section.route) {
      const policies = new Set((await store.list('escalation_policies', manager)).map((p) => p.id));
      const unknownPolicies = escalationPolicyPaths(section.route).filter((p) => !policies.has(p.policy));
      if (unknownPolicies.length > 0) {
        throw new ConfigError(unknownPolicies.map((u) => `${file ?? '(defaults)'}: ${['dispatch', 'route', ...u.path].join('.')}: unknown escalation policy "${u.policy}"`));
      }
      const unknown = receiverPaths(section.route).filter((p) => !known.has(p.receiver));
      if (unknown.length > 0) {
        throw new ConfigError(unknown.map((u) => `${file ?? '(defaults)'}: ${['dispatch', 'route', ...u.path].join('.')}: unknown receiver "${u.receiver}"`));
      }
      const tree = routeToConfig(section.route) as Record<string, unknown>;
      if (current?.managedBy !== 'file' || JSON.stringify(current.tree) !== JSON.stringify(tree)) await store.appendTree(tree, 'file', manager);
    } else if (current?.managedBy === 'file') {
      // The file no longer declares the tree: it stays as it is, now editable through the API.
      await store.appendTree(current.tree, 'api', manager);
    }
    const resealed = await store.resealAll(manager);
    if (resealed > 0) logger.info({ count: resealed }, 'sealed stored credentials with the primary key of HERALD_SECRETS_KEY');
    return { receivers, silences, inhibitRules, windows, escalationPolicies };
  });
  for (const [kind, result] of Object.entries(summary)) {
    if (result.takenOver.length > 0) logger.warn({ kind, ids: result.takenOver }, 'configuration file took over objects created through the API');
    if (result.removed.length > 0) logger.info({ kind, ids: result.removed }, 'removed objects no longer declared in the configuration file');
  }
  const counts = {
    receivers: section.receivers.length,
    silences: section.silences.length,
    inhibitRules: section.inhibitRules.length,
    maintenanceWindows: section.maintenanceWindows.length,
    escalationPolicies: section.escalationPolicies.length,
  };
  logger.info({ ...counts, route: section.route !== undefined }, 'applied the dispatch section of the configuration file');
  return { fileManagesRoute: section.route !== undefined, counts };
}
