import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Channel } from '@herald/contracts';
import { EscalationPolicyConfig, escalationReceiverPaths, receiverPaths, RoutingTreeConfig, type Subscription } from '../routing/domain/index.js';
import { ReceiverHealth } from '../delivery/state/receiver-health.js';
import { PlainHttpCheck } from '../security/plain-http-check.js';
import { ConfigCache } from './config-cache.js';
import { ConfigStore, type StoredObject } from './config-store.js';
import { DispatchError, problemsOf } from './domain/dispatch.errors.js';
import { maskSecrets, receiverInput, ReceiverSpec, restoreSecrets } from './domain/receiver.js';
import { generatedReceiverId, receiverPage, receiverStatus, type ReceiverListQuery, type ReceiverPage, type ReceiverStatus } from './domain/receiver-list.js';
import { effectiveSubscriptions, subscribe, unsubscribe } from './domain/receiver-subscriptions.js';

/** A receiver as the API shows it: secrets masked, delivery settings as in force. */
export interface ReceiverView {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly metadata?: Record<string, unknown>;
  readonly channel: string;
  readonly enabled: boolean;
  readonly paused: boolean;
  /** active, paused (by a person) or disabled (by the delivery engine). */
  readonly status: ReceiverStatus;
  /** The receiver's own subscriptions; absent: every type the routes send. */
  readonly eventTypes?: readonly Subscription[];
  /** When a notification was last sent to it (muted ones do not count); null if never. */
  readonly lastTriggeredAt: string | null;
  readonly settings: Record<string, unknown>;
  /** Paths whose values are write-only; send `********` back to keep one. */
  readonly secretFields: readonly string[];
  readonly retry: unknown;
  readonly rateLimit?: unknown;
  readonly concurrency?: number;
  readonly circuitBreaker?: unknown;
  readonly disableAfterSeconds?: number;
  /** Batch sending: up to `size` notifications in one request, or what waited `timeoutSeconds`. */
  readonly batch?: { readonly size: number; readonly timeoutSeconds: number };
  /** Seconds one request may take; the service's DISPATCH_REQUEST_TIMEOUT_MS when absent. */
  readonly timeoutSeconds?: number;
  /** The CA bundle this receiver's TLS servers must chain to (not a secret: shown as stored). */
  readonly tls?: { readonly ca: string };
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

function storedEventTypes(stored: Record<string, unknown>): Subscription[] | undefined {
  return Array.isArray(stored.eventTypes) ? (stored.eventTypes as Subscription[]) : undefined;
}

function withEventTypes(stored: Record<string, unknown>, eventTypes: Subscription[] | undefined): Record<string, unknown> {
  const { eventTypes: _previous, ...rest } = stored;
  return eventTypes === undefined ? rest : { ...rest, eventTypes };
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
    ...(spec?.description !== undefined ? { description: spec.description } : {}),
    ...(spec?.metadata !== undefined ? { metadata: spec.metadata } : {}),
    channel,
    enabled: spec?.enabled ?? false,
    paused: !(spec?.enabled ?? false),
    status: receiverStatus(spec?.enabled ?? false, false),
    ...(spec?.eventTypes !== undefined ? { eventTypes: spec.eventTypes } : {}),
    lastTriggeredAt: null,
    settings: masked.settings,
    secretFields: masked.secretFields,
    retry: spec?.retry,
    ...(spec?.rateLimit ? { rateLimit: spec.rateLimit } : {}),
    ...(spec?.concurrency !== undefined ? { concurrency: spec.concurrency } : {}),
    ...(spec?.circuitBreaker ? { circuitBreaker: spec.circuitBreaker } : {}),
    ...(spec?.disableAfterSeconds !== undefined ? { disableAfterSeconds: spec.disableAfterSeconds } : {}),
    ...(spec?.batch ? { batch: spec.batch } : {}),
    ...(spec?.timeoutSeconds !== undefined ? { timeoutSeconds: spec.timeoutSeconds } : {}),
    ...(spec?.tls ? { tls: spec.tls } : {}),
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
    private readonly dataSource: DataSource,
    private readonly plainHttp: PlainHttpCheck,
  ) {}

  /** Filtered by status and channel, then paged (seed 001's `?status=&limit=&offset=`). */
  async list(query: ReceiverListQuery): Promise<ReceiverPage<ReceiverView>> {
    const page = receiverPage((await this.store.list('receivers')).map((o) => this.withHealth(receiverView(o))), query);
    return { ...page, items: await this.withLastTriggered(page.items) };
  }

  async get(id: string): Promise<ReceiverView> {
    const object = await this.store.get('receivers', id);
    if (!object) throw DispatchError.notFound('receiver', id);
    const [view] = await this.withLastTriggered([this.withHealth(receiverView(object))]);
    return view!;
  }

  /** The receiver's subscriptions as a list (unset: every type), and whether it set any. */
  async subscriptions(id: string): Promise<{ receiverId: string; eventTypes: Subscription[]; narrowed: boolean }> {
    const view = await this.get(id);
    return { receiverId: id, eventTypes: effectiveSubscriptions(view.eventTypes), narrowed: view.eventTypes !== undefined };
  }

  async subscribe(id: string, subscription: Subscription): Promise<ReceiverView> {
    return this.update(id, (stored) => withEventTypes(stored, subscribe(storedEventTypes(stored), subscription)));
  }

  async unsubscribe(id: string, subscription: Subscription): Promise<ReceiverView> {
    return this.update(id, (stored) => withEventTypes(stored, unsubscribe(storedEventTypes(stored), subscription)));
  }

  /** Last time a notification went out to each receiver, from the delivery log (one query for a page). */
  private async withLastTriggered(views: ReceiverView[]): Promise<ReceiverView[]> {
    if (views.length === 0) return views;
    const rows = await this.dataSource.query<Array<{ receiver_id: string; at: Date }>>(
      `SELECT receiver_id, max(last_attempt_at) AS at FROM deliveries WHERE receiver_id = ANY($1) AND status <> 'muted' GROUP BY receiver_id`,
      [views.map((v) => v.id)],
    );
    const at = new Map(rows.map((r) => [r.receiver_id, r.at.toISOString()]));
    return views.map((v) => ({ ...v, lastTriggeredAt: at.get(v.id) ?? null }));
  }

  /** Re-enables a receiver the delivery engine disabled (410, or failing too long) and forgets its failures. File-managed ones too: this is state, not configuration. */
  async reset(id: string): Promise<ReceiverView> {
    const view = await this.get(id);
    await this.health.reset(id);
    return { ...view, status: receiverStatus(view.enabled, false), health: { disabled: null, circuit: 'closed', failingSince: null } };
  }

  /** A missing id is generated (`rcv_…`); a caller-chosen one is kept. */
  async create(body: unknown): Promise<ReceiverView> {
    const given = this.body(body);
    const input = given.id === undefined ? { ...given, id: generatedReceiverId(randomUUID()) } : given;
    const spec = await this.validated(input, undefined);
    const created = await this.store.write((m) => this.store.create('receivers', spec.id, receiverInput(spec.input), m));
    await this.cache.reload();
    return this.withHealth(receiverView(created));
  }

  /** PUT: the whole receiver; masked secrets keep their stored values. */
  async replace(id: string, body: unknown): Promise<ReceiverView> {
    const input = this.body(body);
    return this.update(id, () => input);
  }

  /** PATCH: the given top-level fields replace the stored ones (`settings` as a whole); `null` removes an optional one. */
  async patch(id: string, body: unknown): Promise<ReceiverView> {
    const input = this.body(body);
    return this.update(id, (stored) => Object.fromEntries(Object.entries({ ...stored, ...input }).filter(([, v]) => v !== null)));
  }

  /** Pause (recorded as muted until resumed) or resume; resuming also clears a disable by the delivery engine. */
  async setEnabled(id: string, enabled: boolean): Promise<ReceiverView> {
    const view = await this.update(id, (stored) => ({ ...stored, enabled }));
    if (!enabled || !this.health.isDisabled(id)) return this.withHealth(view);
    await this.health.reset(id);
    return { ...view, status: receiverStatus(view.enabled, false), health: { disabled: null, circuit: 'closed', failingSince: null } };
  }

  private withHealth(view: ReceiverView): ReceiverView {
    const h = this.health.view(view.id);
    return {
      ...view,
      status: receiverStatus(view.enabled, h.disabled !== undefined),
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
      const policies = (await this.store.list('escalation_policies', m)).filter((p) => {
        const policy = EscalationPolicyConfig.safeParse({ ...p.spec, id: p.id });
        return policy.success && escalationReceiverPaths(policy.data).some((u) => u.receiver === id);
      });
      if (policies.length > 0) {
        throw new DispatchError('IN_USE', `receiver "${id}" is named by escalation policies ${policies.map((p) => `"${p.id}"`).join(', ')}; change them first`);
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
      const spec = await this.validated({ ...next, id }, stored.spec);
      return this.store.replace('receivers', id, receiverInput(spec.input), m);
    });
    await this.cache.reload();
    const [view] = await this.withLastTriggered([this.withHealth(receiverView(updated))]);
    return view!;
  }

  private body(body: unknown): Record<string, unknown> {
    if (!isRecord(body)) throw DispatchError.invalid([{ path: '', message: 'must be a JSON object' }]);
    return body;
  }

  /** Restores masked secrets from `stored` (same channel only), then validates the whole receiver and its plain-HTTP destinations. */
  private async validated(input: Record<string, unknown>, stored: Record<string, unknown> | undefined): Promise<{ id: string; input: Record<string, unknown> }> {
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
    const refused = await this.plainHttp.problems(parsed.data.settings);
    if (refused.length > 0) throw DispatchError.invalid(refused, 'receiver');
    return { id: parsed.data.id, input: full };
  }
}
