import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type z } from 'zod';
import { NotificationListener } from '@herald/persistence';
import { LOGGER, type Logger } from '@herald/observability';
import {
  EscalationPolicyConfig,
  InhibitRuleConfig,
  MaintenanceWindowConfig,
  RoutingTreeConfig,
  SilenceConfig,
  type EscalationPolicy,
  type InhibitRule,
  type MaintenanceWindow,
  type Route,
  type Silence,
} from '../routing/domain/index.js';
import { ConfigStore, type ConfigTable, type StoredObject } from './config-store.js';
import { DECLARED_CONFIG, type DeclaredConfigApplied } from './declarative-config.js';
import { ReceiverSpec, type Receiver } from './domain/receiver.js';

export const CONFIG_CACHE_OPTIONS = Symbol('CONFIG_CACHE_OPTIONS');

export interface ConfigCacheOptions {
  readonly databaseUrl: string;
  /** Poll interval backing up LISTEN/NOTIFY (notifications sent while disconnected are lost). */
  readonly refreshMs: number;
}

/** Everything routing and sending read, as one consistent snapshot. */
export interface ConfigSnapshot {
  readonly receivers: ReadonlyMap<string, Receiver>;
  readonly route: Route;
  readonly routeVersion: number;
  readonly silences: readonly Silence[];
  readonly inhibitRules: readonly InhibitRule[];
  readonly maintenanceWindows: readonly MaintenanceWindow[];
  readonly escalationPolicies: ReadonlyMap<string, EscalationPolicy>;
}

const EMPTY_TREE = RoutingTreeConfig.parse({});

/**
 * The configuration in memory, so the per-message paths (routing, sending) read it
 * synchronously. Loaded at start (after the file is applied), reloaded on NOTIFY from any
 * replica's write and on a timer. An object that no longer parses is skipped and logged,
 * never allowed to stop the others from loading.
 */
@Injectable()
export class ConfigCache implements OnModuleInit, OnApplicationShutdown {
  private snapshot: ConfigSnapshot = {
    receivers: new Map(),
    route: EMPTY_TREE,
    routeVersion: 0,
    silences: [],
    inhibitRules: [],
    maintenanceWindows: [],
    escalationPolicies: new Map(),
  };
  private listener: NotificationListener | undefined;
  private timer: NodeJS.Timeout | undefined;
  private loading: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly store: ConfigStore,
    @Inject(CONFIG_CACHE_OPTIONS) private readonly options: ConfigCacheOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    // Declared so the file is applied before the first load.
    @Inject(DECLARED_CONFIG) _applied: DeclaredConfigApplied,
  ) {}

  get current(): ConfigSnapshot {
    return this.snapshot;
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
    this.listener = new NotificationListener(
      this.options.databaseUrl,
      this.store.channel,
      () => void this.reload().catch((error: unknown) => this.logger.error({ err: error }, 'configuration reload failed')),
      (error) => this.logger.warn({ err: error }, 'configuration listener error'),
    );
    await this.listener.start();
    this.timer = setInterval(
      () => void this.reload().catch((error: unknown) => this.logger.error({ err: error }, 'configuration reload failed')),
      this.options.refreshMs,
    );
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.listener?.stop();
  }

  /** Reloads now; a reload asked for while one runs is done once more after it. */
  async reload(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      try {
        do {
          this.again = false;
          this.snapshot = await this.load();
        } while (this.again);
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  private async load(): Promise<ConfigSnapshot> {
    // One after another in one snapshot (see ConfigStore.snapshot): a handful of small reads, every refresh.
    const { receivers, silences, inhibitRules, maintenanceWindows, tree, escalationPolicies } = await this.store.snapshot(async (m) => ({
      receivers: await this.store.list('receivers', m),
      silences: await this.store.list('silences', m),
      inhibitRules: await this.store.list('inhibit_rules', m),
      maintenanceWindows: await this.store.list('maintenance_windows', m),
      tree: await this.store.currentTree(m),
      escalationPolicies: await this.store.list('escalation_policies', m),
    }));
    const parsedTree = tree ? RoutingTreeConfig.safeParse(tree.tree) : undefined;
    if (parsedTree && !parsedTree.success) this.logger.error({ version: tree?.version }, 'stored routing tree no longer parses; routing nothing');
    return {
      receivers: new Map(this.parseAll('receivers', receivers, ReceiverSpec).map(([o, r]) => [r.id, { ...r, managedBy: o.managedBy }])),
      route: parsedTree?.success ? parsedTree.data : EMPTY_TREE,
      routeVersion: tree?.version ?? 0,
      silences: this.parseAll('silences', silences, SilenceConfig).map(([, s]) => s),
      inhibitRules: this.parseAll('inhibit_rules', inhibitRules, InhibitRuleConfig).map(([, r]) => r),
      maintenanceWindows: this.parseAll('maintenance_windows', maintenanceWindows, MaintenanceWindowConfig).map(([, w]) => w),
      escalationPolicies: new Map(this.parseAll('escalation_policies', escalationPolicies, EscalationPolicyConfig).map(([, p]) => [p.id, p])),
    };
  }

  private parseAll<S extends z.ZodType>(table: ConfigTable, objects: readonly StoredObject[], schema: S): Array<[StoredObject, z.output<S>]> {
    const out: Array<[StoredObject, z.output<S>]> = [];
    for (const object of objects) {
      const parsed = schema.safeParse({ ...object.spec, id: object.id });
      if (parsed.success) out.push([object, parsed.data]);
      else this.logger.error({ table, id: object.id, problems: parsed.error.issues.map((i) => i.path.join('.')) }, 'stored configuration object no longer parses; skipped');
    }
    return out;
  }
}
