import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type z } from 'zod';
import { ConfigCache } from '../receivers/config-cache.js';
import { ConfigStore, type ConfigTable, type StoredObject, type StoredTree } from '../receivers/config-store.js';
import { DispatchError, problemsOf } from '../receivers/domain/dispatch.errors.js';
import {
  EscalationPolicyConfig,
  escalationPolicyPaths,
  escalationPolicyToConfig,
  escalationReceiverPaths,
  InhibitRuleConfig,
  inhibitRuleToConfig,
  isWindowActive,
  MaintenanceWindowConfig,
  maintenanceWindowToConfig,
  receiverPaths,
  routeToConfig,
  RoutingTreeConfig,
  SilenceConfig,
  silenceState,
  silenceToConfig,
} from './domain/index.js';

/** One kind of policy object: how it is validated, written back canonically, and described. */
interface PolicyKind {
  readonly table: Exclude<ConfigTable, 'receivers'>;
  readonly noun: string;
  readonly parse: (input: unknown) => ParsedPolicy | { ok: false; issues: z.core.$ZodIssue[] };
}

interface ParsedPolicy {
  ok: true;
  id: string;
  stored: Record<string, unknown>;
  status: (now: number) => Record<string, unknown>;
  /** Receivers the object names, with their config paths: each must exist. */
  receivers: Array<{ receiver: string; path: (string | number)[] }>;
}

function policyKind<S extends z.ZodType<{ id: string }>>(
  table: PolicyKind['table'],
  noun: string,
  schema: S,
  canonical: (value: z.output<S>) => { id: string },
  status: (value: z.output<S>, now: number) => Record<string, unknown>,
  receivers: (value: z.output<S>) => ParsedPolicy['receivers'] = () => [],
): PolicyKind {
  return {
    table,
    noun,
    parse: (input) => {
      const parsed = schema.safeParse(input);
      if (!parsed.success) return { ok: false, issues: parsed.error.issues };
      const { id, ...stored } = canonical(parsed.data);
      return { ok: true, id, stored, status: (now) => status(parsed.data, now), receivers: receivers(parsed.data) };
    },
  };
}

export const POLICY_KINDS = {
  silences: policyKind('silences', 'silence', SilenceConfig, silenceToConfig, (s, now) => ({ state: silenceState(s, now) })),
  inhibitRules: policyKind('inhibit_rules', 'inhibition rule', InhibitRuleConfig, inhibitRuleToConfig, () => ({})),
  maintenanceWindows: policyKind('maintenance_windows', 'maintenance window', MaintenanceWindowConfig, maintenanceWindowToConfig, (w, now) => ({
    active: isWindowActive(w, now),
  })),
  escalationPolicies: policyKind('escalation_policies', 'escalation policy', EscalationPolicyConfig, escalationPolicyToConfig, () => ({}), escalationReceiverPaths),
} as const;
export type PolicyKindName = keyof typeof POLICY_KINDS;

export type PolicyView = Record<string, unknown> & { id: string; managedBy: 'file' | 'api'; revision: number; createdAt: string; updatedAt: string };

export interface TreeView {
  readonly version: number;
  readonly managedBy: 'file' | 'api';
  readonly createdAt: string | null;
  readonly tree: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const treeView = (t: StoredTree | undefined): TreeView =>
  t ? { version: t.version, managedBy: t.managedBy, createdAt: t.createdAt, tree: t.tree } : { version: 0, managedBy: 'api', createdAt: null, tree: {} };

/** The routing tree (one versioned document) and the policy objects: silences, inhibition rules, maintenance windows, escalation policies. */
@Injectable()
export class RoutingConfigService {
  constructor(
    private readonly store: ConfigStore,
    private readonly cache: ConfigCache,
  ) {}

  async tree(): Promise<TreeView> {
    return treeView(await this.store.currentTree());
  }

  async treeHistory(limit: number): Promise<TreeView[]> {
    return (await this.store.treeHistory(limit)).map(treeView);
  }

  /** Replaces the tree; `expectedVersion` (optional) guards against overwriting someone else's change. */
  async putTree(body: unknown, expectedVersion: number | undefined): Promise<TreeView> {
    const parsed = RoutingTreeConfig.safeParse(body);
    if (!parsed.success) throw DispatchError.invalid(problemsOf(parsed.error.issues), 'routing tree');
    const written = await this.store.write(async (m) => {
      const current = await this.store.currentTree(m);
      if (current?.managedBy === 'file') {
        throw new DispatchError('FILE_MANAGED', 'the routing tree is declared in the configuration file (dispatch.route) and is read-only in the API; change it in the file');
      }
      const version = current?.version ?? 0;
      if (expectedVersion !== undefined && expectedVersion !== version) {
        throw new DispatchError('VERSION_CONFLICT', `the routing tree is at version ${version}, not ${expectedVersion}; read it again and reapply your change`);
      }
      const known = new Set((await this.store.list('receivers', m)).map((r) => r.id));
      const unknown = receiverPaths(parsed.data).filter((p) => !known.has(p.receiver));
      if (unknown.length > 0) throw DispatchError.invalid(unknown.map((u) => ({ path: u.path.join('.'), message: `unknown receiver "${u.receiver}"` })), 'routing tree');
      const policies = new Set((await this.store.list('escalation_policies', m)).map((p) => p.id));
      const unknownPolicies = escalationPolicyPaths(parsed.data).filter((p) => !policies.has(p.policy));
      if (unknownPolicies.length > 0) {
        throw DispatchError.invalid(unknownPolicies.map((u) => ({ path: u.path.join('.'), message: `unknown escalation policy "${u.policy}"` })), 'routing tree');
      }
      return this.store.appendTree(routeToConfig(parsed.data) as Record<string, unknown>, 'api', m);
    });
    await this.cache.reload();
    return treeView(written);
  }

  async list(kind: PolicyKindName, now = Date.now()): Promise<PolicyView[]> {
    return (await this.store.list(POLICY_KINDS[kind].table)).map((o) => this.view(kind, o, now));
  }

  async get(kind: PolicyKindName, id: string, now = Date.now()): Promise<PolicyView> {
    const object = await this.store.get(POLICY_KINDS[kind].table, id);
    if (!object) throw DispatchError.notFound(this.noun(kind), id);
    return this.view(kind, object, now);
  }

  /** Creates one; a missing id is generated. */
  async create(kind: PolicyKindName, body: unknown): Promise<PolicyView> {
    const input = this.body(body);
    const spec = this.validated(kind, { ...input, id: input.id ?? randomUUID() });
    const created = await this.store.write(async (m) => {
      await this.knownReceivers(kind, spec.receivers, m);
      return this.store.create(POLICY_KINDS[kind].table, spec.id, spec.stored, m);
    });
    await this.cache.reload();
    return this.view(kind, created, Date.now());
  }

  async replace(kind: PolicyKindName, id: string, body: unknown): Promise<PolicyView> {
    const input = this.body(body);
    if (input.id !== undefined && input.id !== id) throw DispatchError.invalid([{ path: 'id', message: `must be "${id}" (the id cannot change)` }]);
    const spec = this.validated(kind, { ...input, id });
    const table = POLICY_KINDS[kind].table;
    const updated = await this.store.write(async (m) => {
      await this.store.editable(table, id, m);
      await this.knownReceivers(kind, spec.receivers, m);
      return this.store.replace(table, id, spec.stored, m);
    });
    await this.cache.reload();
    return this.view(kind, updated, Date.now());
  }

  async remove(kind: PolicyKindName, id: string): Promise<void> {
    const table = POLICY_KINDS[kind].table;
    await this.store.write(async (m) => {
      await this.store.editable(table, id, m);
      if (kind === 'escalationPolicies') await this.notNamedByTree(id, m);
      await this.store.remove(table, id, m);
    });
    await this.cache.reload();
  }

  private noun(kind: PolicyKindName): string {
    return POLICY_KINDS[kind].noun;
  }

  private body(body: unknown): Record<string, unknown> {
    if (!isRecord(body)) throw DispatchError.invalid([{ path: '', message: 'must be a JSON object' }]);
    return body;
  }

  private validated(kind: PolicyKindName, input: Record<string, unknown>): ParsedPolicy {
    const parsed = POLICY_KINDS[kind].parse(input);
    if (!parsed.ok) throw DispatchError.invalid(problemsOf(parsed.issues), this.noun(kind));
    return parsed;
  }

  /** 409 when the routing tree names the escalation policy (a route would escalate to nothing). */
  private async notNamedByTree(policyId: string, m: EntityManager): Promise<void> {
    const tree = await this.store.currentTree(m);
    const parsed = tree ? RoutingTreeConfig.safeParse(tree.tree) : undefined;
    const uses = parsed?.success ? escalationPolicyPaths(parsed.data).filter((p) => p.policy === policyId) : [];
    if (uses.length > 0) {
      throw new DispatchError('IN_USE', `escalation policy "${policyId}" is named by the routing tree (version ${tree?.version}) at ${uses.map((u) => u.path.join('.')).join(', ')}; change the routes first`);
    }
  }

  /** 400 naming each receiver the object names that does not exist (checked under the configuration lock). */
  private async knownReceivers(kind: PolicyKindName, named: ParsedPolicy['receivers'], m: EntityManager): Promise<void> {
    if (named.length === 0) return;
    const known = new Set((await this.store.list('receivers', m)).map((r) => r.id));
    const unknown = named.filter((n) => !known.has(n.receiver));
    if (unknown.length > 0) throw DispatchError.invalid(unknown.map((u) => ({ path: u.path.join('.'), message: `unknown receiver "${u.receiver}"` })), this.noun(kind));
  }

  private view(kind: PolicyKindName, object: StoredObject, now: number): PolicyView {
    const parsed = POLICY_KINDS[kind].parse({ ...object.spec, id: object.id });
    return {
      id: object.id,
      ...object.spec,
      ...(parsed.ok ? parsed.status(now) : { invalid: true }),
      managedBy: object.managedBy,
      revision: object.revision,
      createdAt: object.createdAt,
      updatedAt: object.updatedAt,
    };
  }
}
