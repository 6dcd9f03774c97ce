import { Injectable } from '@nestjs/common';
import { Channel } from '@herald/contracts';
import { receiverPaths, RoutingTreeConfig } from '../routing/domain/index.js';
import { ReceiverHealth } from '../delivery/state/receiver-health.js';
import { ConfigCache } from './config-cache.js';
import { ConfigStore, type StoredObject } from './config-store.js';
import { DispatchError, problemsOf } from './domain/dispatch.errors.js';
import { maskSecrets, receiverInput, ReceiverSpec, restoreSecrets } from './domain/receiver.js';

/** A receiver as the API shows it: secrets masked, delivery settings as in force. */
export interface ReceiverView {
  readonly id: string;
  readonly name: string;
  readonly channel: string;
  readonly enabled: boolean;
  readonly paused: boolean;
  readonly settings: Record<string, unknown>;
  /** Paths whose values are write-only; send `********` back to keep one. */
  readonly secretFields: readonly string[];
  readonly retry: unknown;
  readonly rateLimit?: unknown;
  readonly concurrency?: number;
  readonly circuitBreaker?: unknown;
  readonly disableAfterSeconds?: number;
  /** What the delivery engine has learnt: disabled (410 or failing too long), circuit state. */
  readonly health?: { readonly disabled: unknown; readonly circuit: string; readonly failingSince: string | null };
  readonly managedBy: 'file' | 'api';
  readonly revision: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function receiverView(object: StoredObject): ReceiverView {
  const parsed = ReceiverSpec.safeParse({ ...object.spec, id: object.id });
  const spec = parsed.success ? parsed.data : undefined;
  const channel = spec?.channel ?? 'webhook';
  const rawSettings = isRecord(object.spec.settings) ? object.spec.settings : {};
  const masked = maskSecrets(channel, rawSettings);
  return {
    id: object.id,
    name: spec?.name ?? String(object.spec.name),
    channel,
    enabled: spec?.enabled ?? false,
    paused: !(spec?.enabled ?? false),
    settings: masked.settings,
    secretFields: masked.secretFields,
    retry: spec?.retry,
    ...(spec?.rateLimit ? { rateLimit: spec.rateLimit } : {}),
    ...(spec?.concurrency !== undefined ? { concurrency: spec.concurrency } : {}),
    ...(spec?.circuitBreaker ? { circuitBreaker: spec.circuitBreaker } : {}),
    ...(spec?.disableAfterSeconds !== undefined ? { disableAfterSeconds: spec.disableAfterSeconds } : {}),
    managedBy: object.managedBy,
    revision: object.revision,
    createdAt: object.createdAt,
    updatedAt: object.updatedAt,
  };
}

/**
 * Receiver use cases: validation (the channel's own schema), write-only secrets, the
 * file-managed rule, and refusing to delete a receiver the routing tree still names.
 */
@Injectable()
export class ReceiversService {
  constructor(
    private readonly store: ConfigStore,
    private readonly cache: ConfigCache,
    private readonly health: ReceiverHealth,
  ) {}

  async list(): Promise<ReceiverView[]> {
    return (await this.store.list('receivers')).map((o) => this.withHealth(receiverView(o)));
  }

  async get(id: string): Promise<ReceiverView> {
    const object = await this.store.get('receivers', id);
    if (!object) throw DispatchError.notFound('receiver', id);
    return this.withHealth(receiverView(object));
  }

  /** Re-enables a receiver the delivery engine disabled (410, or failing too long) and forgets its failures. File-managed ones too: this is state, not configuration. */
  async reset(id: string): Promise<ReceiverView> {
    const view = await this.get(id);
    await this.health.reset(id);
    return { ...view, health: { disabled: null, circuit: 'closed', failingSince: null } };
  }

  async create(body: unknown): Promise<ReceiverView> {
    const input = this.body(body);
    const spec = this.validated(input, undefined);
    const created = await this.store.write((m) => this.store.create('receivers', spec.id, receiverInput(spec.input), m));
    await this.cache.reload();
    return this.withHealth(receiverView(created));
  }

  /** PUT: the whole receiver; masked secrets keep their stored values. */
  async replace(id: string, body: unknown): Promise<ReceiverView> {
    const input = this.body(body);
    return this.update(id, () => input);
  }

  /** PATCH: the given top-level fields replace the stored ones (`settings` as a whole). */
  async patch(id: string, body: unknown): Promise<ReceiverView> {
    const input = this.body(body);
    return this.update(id, (stored) => ({ ...stored, ...input }));
  }

  /** Pause (recorded as muted until resumed) or resume; resuming also clears a disable by the delivery engine. */
  async setEnabled(id: string, enabled: boolean): Promise<ReceiverView> {
    const view = await this.update(id, (stored) => ({ ...stored, enabled }));
    if (!enabled || !this.health.isDisabled(id)) return this.withHealth(view);
    await this.health.reset(id);
    return { ...view, health: { disabled: null, circuit: 'closed', failingSince: null } };
  }

  private withHealth(view: ReceiverView): ReceiverView {
    const h = this.health.view(view.id);
    return {
      ...view,
      health: {
        disabled: h.disabled ? { at: h.disabled.at.toISOString(), reason: h.disabled.reason, detail: h.disabled.detail ?? null } : null,
        circuit: h.circuit,
        failingSince: h.failingSince?.toISOString() ?? null,
      },
    };
  }

  async remove(id: string): Promise<void> {
    await this.store.write(async (m) => {
      await this.store.editable('receivers', id, m);
      const tree = await this.store.currentTree(m);
      const parsed = tree ? RoutingTreeConfig.safeParse(tree.tree) : undefined;
      const uses = parsed?.success ? receiverPaths(parsed.data).filter((p) => p.receiver === id) : [];
      if (uses.length > 0) {
        throw new DispatchError(
          'IN_USE',
          `receiver "${id}" is named by the routing tree (version ${tree?.version}) at ${uses.map((u) => u.path.join('.')).join(', ')}; change the routes first`,
        );
      }
      await this.store.remove('receivers', id, m);
    });
    await this.cache.reload();
  }

  private async update(id: string, change: (stored: Record<string, unknown>) => Record<string, unknown>): Promise<ReceiverView> {
    const updated = await this.store.write(async (m) => {
      const stored = await this.store.editable('receivers', id, m);
      const next = change({ ...stored.spec, id });
      if (next.id !== undefined && next.id !== id) throw DispatchError.invalid([{ path: 'id', message: `must be "${id}" (the id cannot change)` }]);
      const spec = this.validated({ ...next, id }, stored.spec);
      return this.store.replace('receivers', id, receiverInput(spec.input), m);
    });
    await this.cache.reload();
    return this.withHealth(receiverView(updated));
  }

  private body(body: unknown): Record<string, unknown> {
    if (!isRecord(body)) throw DispatchError.invalid([{ path: '', message: 'must be a JSON object' }]);
    return body;
  }

  /** Restores masked secrets from `stored` (same channel only), then validates the whole receiver. */
  private validated(input: Record<string, unknown>, stored: Record<string, unknown> | undefined): { id: string; input: Record<string, unknown> } {
    let full = input;
    const channel = Channel.safeParse(input.channel);
    if (channel.success && isRecord(input.settings)) {
      const previous = stored?.channel === channel.data && isRecord(stored.settings) ? stored.settings : undefined;
      const restored = restoreSecrets(channel.data, input.settings, previous);
      if (!restored.ok) throw DispatchError.invalid(restored.problems, 'receiver');
      full = { ...input, settings: restored.settings };
    }
    const parsed = ReceiverSpec.safeParse(full);
    if (!parsed.success) throw DispatchError.invalid(problemsOf(parsed.error.issues), 'receiver');
    return { id: parsed.data.id, input: full };
  }
}
