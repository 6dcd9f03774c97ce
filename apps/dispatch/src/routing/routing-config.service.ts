import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type z } from 'zod';
import { ConfigCache } from '../receivers/config-cache.js';
import { ConfigStore, type ConfigTable, type StoredObject, type StoredTree } from '../receivers/config-store.js';
import { DispatchError, problemsOf } from '../receivers/domain/dispatch.errors.js';
import {
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
  readonly parse: (input: unknown) => { ok: true; id: string; stored: Record<string, unknown>; status: (now: number) => Record<string, unknown> } | { ok: false; issues: z.core.$ZodIssue[] };
}

function policyKind<S extends z.ZodType<{ id: string }>>(
  table: PolicyKind['table'],
  noun: string,
  schema: S,
  canonical: (value: z.output<S>) => { id: string },
  status: (value: z.output<S>, now: number) => Record<string, unknown>,
): PolicyKind {
  return {
    table,
    noun,
    parse: (input) => {
      const parsed = schema.safeParse(input);
      if (!parsed.success) return { ok: false, issues: parsed.error.issues };
      const { id, ...stored } = canonical(parsed.data);
      return { ok: true, id, stored, status: (now) => status(parsed.data, now) };
    },
  };
}

export const POLICY_KINDS = {
  silences: policyKind('silences', 'silence', SilenceConfig, silenceToConfig, (s, now) => ({ state: silenceState(s, now) })),
  inhibitRules: policyKind('inhibit_rules', 'inhibition rule', InhibitRuleConfig, inhibitRuleToConfig, () => ({})),
  maintenanceWindows: policyKind('maintenance_windows', 'maintenance window', MaintenanceWindowConfig, maintenanceWindowToConfig, (w, now) => ({
    active: isWindowActive(w, now),
  })),
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

/** The routing tree (one versioned document) and the policy objects: silences, inhibition rules, maintenance windows. */
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
    const created = await this.store.write((m) => this.store.create(POLICY_KINDS[kind].table, spec.id, spec.stored, m));
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
      return this.store.replace(table, id, spec.stored, m);
    });
    await this.cache.reload();
    return this.view(kind, updated, Date.now());
  }

  async remove(kind: PolicyKindName, id: string): Promise<void> {
    const table = POLICY_KINDS[kind].table;
    await this.store.write(async (m) => {
      await this.store.editable(table, id, m);
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

  private validated(kind: PolicyKindName, input: Record<string, unknown>): { id: string; stored: Record<string, unknown> } {
    const parsed = POLICY_KINDS[kind].parse(input);
    if (!parsed.ok) throw DispatchError.invalid(problemsOf(parsed.issues), this.noun(kind));
    return { id: parsed.id, stored: parsed.stored };
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
