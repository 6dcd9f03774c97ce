import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager, In, IsNull, Not, QueryFailedError } from 'typeorm';
import { loadConfigSection, type SecretsKeyring } from '@herald/config';
import type { Severity } from '@herald/contracts';
import { LOGGER, type Logger } from '@herald/observability';
import { isSealed, needsResealing, openSecret, resealSecret, sealSecret } from '@herald/persistence';
import { IngestionError } from '../webhooks/ingestion.errors.js';
import {
  type CreateIntegrationRequest,
  type HeartbeatSettings,
  type Integration,
  type IntegrationSource,
  resolveSigning,
  type SignatureScheme,
  type UpdateIntegrationRequest,
} from './domain/integration.js';
import { hashIntegrationKey } from './domain/integration-key.js';
import { IntegrationEntity } from './integration.entity.js';
import { integrationSecretRefs, IntegrationsSection } from './integrations.file.js';

export const INTEGRATIONS_FILE = Symbol('INTEGRATIONS_FILE');
/** PostgreSQL channel on which every replica hears that an integration changed. */
export const INTEGRATIONS_CHANNEL = Symbol('INTEGRATIONS_CHANNEL');
/** HERALD_SECRETS_KEY: signing secrets are stored sealed with it. */
export const INTEGRATIONS_SECRETS = Symbol('INTEGRATIONS_SECRETS');

/**
 * Integrations in PostgreSQL: the configuration file's are applied at start (GitOps)
 * and are read-only here; the API manages the rest. Every change is announced with
 * NOTIFY so each replica drops its cached copy at once.
 */
@Injectable()
export class IntegrationsService implements OnModuleInit {
  private readonly changeListeners: Array<() => void> = [];

  constructor(
    private readonly dataSource: DataSource,
    @Inject(INTEGRATIONS_FILE) private readonly file: string | undefined,
    @Inject(INTEGRATIONS_CHANNEL) private readonly channel: string,
    @Inject(INTEGRATIONS_SECRETS) private readonly secrets: SecretsKeyring,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** A signing secret as stored: sealed, bound to its integration. */
  private seal(id: string, secret: string | undefined): string | null {
    return secret === undefined ? null : sealSecret(this.secrets, secret, `integrations/${id}`);
  }

  private toIntegration(entity: IntegrationEntity): Integration {
    const secret = entity.signingSecret;
    // A secret stored before sealing began is read as it is until `resealAll` seals it.
    return toIntegration(entity, secret === null || !isSealed(secret) ? secret : openSecret(this.secrets, secret, `integrations/${entity.id}`));
  }

  /** Seals secrets stored in clear and re-wraps those an older key sealed (each replica, at start); checks the rest open. */
  private async resealAll(manager: EntityManager): Promise<number> {
    const repository = manager.getRepository(IntegrationEntity);
    const rows = await repository.find({ select: { id: true, signingSecret: true }, where: { signingSecret: Not(IsNull()) }, lock: { mode: 'pessimistic_write' } });
    let changed = 0;
    for (const row of rows) {
      const stored = row.signingSecret!;
      const context = `integrations/${row.id}`;
      if (!needsResealing(this.secrets, stored)) {
        // Opened once at start, so a wrong key stops the start with a clear error rather than failing requests.
        openSecret(this.secrets, stored, context);
        continue;
      }
      await repository.update({ id: row.id }, { signingSecret: isSealed(stored) ? resealSecret(this.secrets, stored, context) : sealSecret(this.secrets, stored, context) });
      changed += 1;
    }
    return changed;
  }

  /** Called after every change this replica makes (others learn through NOTIFY). */
  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  async onModuleInit(): Promise<void> {
    // keyEnv/keyFile and signingSecretEnv/signingSecretFile are resolved here: an unset variable or unreadable file stops the start, naming it.
    const declared = loadConfigSection(this.file, 'integrations', IntegrationsSection, integrationSecretRefs(this.file));
    const rows = declared.map((d) => {
      const key = d.key;
      if (!key) throw new Error(`integration ${d.id}: no key`);
      const secret = d.signingSecret;
      const signing = resolveSigning(d.source, secret ? { scheme: d.signatureScheme, secret } : null);
      return {
        id: d.id,
        name: d.name,
        source: d.source,
        keyHash: hashIntegrationKey(key),
        enabled: d.enabled,
        signingSecret: this.seal(d.id, signing?.secret),
        signatureScheme: signing?.scheme ?? null,
        rateLimitPerMinute: d.rateLimitPerMinute,
        severityMap: d.severityMap ?? null,
        dedupScope: d.dedupScope,
        ...heartbeatColumns(d.heartbeat),
        managedBy: 'file' as const,
      };
    });
    await this.change(async (manager) => {
      const repository = manager.getRepository(IntegrationEntity);
      const ids = rows.map((r) => r.id);
      // The file is the truth for file-managed integrations: one removed from it goes away.
      const stale = await repository.find({ select: { id: true }, where: { managedBy: 'file', id: Not(In(ids)) } });
      if (stale.length > 0) await repository.delete({ id: In(stale.map((s) => s.id)) });
      const takenOver = ids.length === 0 ? [] : await repository.find({ select: { id: true }, where: { managedBy: 'api', id: In(ids) } });
      for (const t of takenOver) this.logger.warn({ integrationId: t.id }, 'the configuration file takes over an integration created through the API');
      for (const row of rows) await repository.upsert(row, ['id']);
      if (rows.length > 0 || stale.length > 0) this.logger.info({ count: rows.length, removed: stale.length }, 'applied declared integrations');
      const resealed = await this.resealAll(manager);
      if (resealed > 0) this.logger.info({ count: resealed }, 'sealed stored signing secrets with the primary key of HERALD_SECRETS_KEY');
    });
  }

  async findById(id: string): Promise<Integration | null> {
    const entity = await this.dataSource.getRepository(IntegrationEntity).findOneBy({ id });
    return entity ? this.toIntegration(entity) : null;
  }

  /** Looked up by the SHA-256 of the key: the key itself is never compared or stored. */
  async findByKeyHash(keyHash: string): Promise<Integration | null> {
    const entity = await this.dataSource.getRepository(IntegrationEntity).findOneBy({ keyHash });
    return entity ? this.toIntegration(entity) : null;
  }

  async list(): Promise<Integration[]> {
    const entities = await this.dataSource.getRepository(IntegrationEntity).find({ order: { id: 'ASC' } });
    return entities.map((e) => this.toIntegration(e));
  }

  async create(request: CreateIntegrationRequest & { id: string }, keyHash: string): Promise<Integration> {
    const signing = resolveSigning(request.source, request.signing);
    try {
      return await this.change(async (manager) => {
        const repository = manager.getRepository(IntegrationEntity);
        await repository.insert({
          id: request.id,
          name: request.name,
          source: request.source,
          keyHash,
          enabled: request.enabled,
          signingSecret: this.seal(request.id, signing?.secret),
          signatureScheme: signing?.scheme ?? null,
          rateLimitPerMinute: request.rateLimitPerMinute,
          severityMap: request.severityMap ?? null,
          dedupScope: request.dedupScope,
          ...heartbeatColumns(request.heartbeat),
          managedBy: 'api',
        });
        return this.toIntegration(await repository.findOneByOrFail({ id: request.id }));
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new IngestionError('INTEGRATION_EXISTS', `an integration with id "${request.id}" already exists`);
      throw error;
    }
  }

  async update(id: string, patch: UpdateIntegrationRequest): Promise<Integration> {
    return this.mutate(id, (current) => {
      const changes: Partial<IntegrationEntity> = {};
      if (patch.name !== undefined) changes.name = patch.name;
      if (patch.enabled !== undefined) changes.enabled = patch.enabled;
      if (patch.rateLimitPerMinute !== undefined) changes.rateLimitPerMinute = patch.rateLimitPerMinute;
      if (patch.severityMap !== undefined) changes.severityMap = patch.severityMap;
      if (patch.dedupScope !== undefined) changes.dedupScope = patch.dedupScope;
      if (patch.heartbeat !== undefined) {
        if (current.source !== 'heartbeat') {
          throw new IngestionError('INVALID_REQUEST', 'invalid request: heartbeat only a heartbeat integration (source: heartbeat) has heartbeat settings', {
            errors: [{ path: 'heartbeat', message: 'only a heartbeat integration (source: heartbeat) has heartbeat settings' }],
          });
        }
        Object.assign(changes, heartbeatColumns(patch.heartbeat));
      }
      if (patch.signing !== undefined) {
        if (current.source === 'heartbeat' && patch.signing !== null) {
          throw new IngestionError('INVALID_REQUEST', 'invalid request: signing a heartbeat ping is not signed: its key is its only credential', {
            errors: [{ path: 'signing', message: 'a heartbeat ping is not signed: its key is its only credential' }],
          });
        }
        const signing = resolveSigning(current.source as IntegrationSource, patch.signing);
        changes.signingSecret = this.seal(id, signing?.secret);
        changes.signatureScheme = signing?.scheme ?? null;
      }
      return changes;
    });
  }

  async rotateKey(id: string, keyHash: string): Promise<Integration> {
    return this.mutate(id, () => ({ keyHash }));
  }

  async delete(id: string): Promise<void> {
    await this.change(async (manager) => {
      await this.loadMutable(manager, id);
      await manager.getRepository(IntegrationEntity).delete({ id });
    });
  }

  private async mutate(id: string, changesOf: (current: IntegrationEntity) => Partial<IntegrationEntity>): Promise<Integration> {
    return this.change(async (manager) => {
      const repository = manager.getRepository(IntegrationEntity);
      const current = await this.loadMutable(manager, id);
      const changes = changesOf(current);
      if (Object.keys(changes).length > 0) await repository.update({ id }, { ...changes, updatedAt: new Date() });
      return this.toIntegration(await repository.findOneByOrFail({ id }));
    });
  }

  /** Locks the row; file-managed integrations change only through the file. */
  private async loadMutable(manager: EntityManager, id: string): Promise<IntegrationEntity> {
    const current = await manager.getRepository(IntegrationEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!current) throw new IngestionError('INTEGRATION_NOT_FOUND', `no integration "${id}"`);
    if (current.managedBy === 'file') {
      throw new IngestionError(
        'INTEGRATION_MANAGED_BY_FILE',
        `integration "${id}" is declared in the configuration file (integrations:) and is read-only through the API; change the file instead`,
      );
    }
    return current;
  }

  /** Runs a change in a transaction that also notifies every replica, then tells local listeners. */
  private async change<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction(async (manager) => {
      const value = await work(manager);
      await manager.query('SELECT pg_notify($1, $2)', [this.channel, 'changed']);
      return value;
    });
    for (const listener of this.changeListeners) listener();
    return result;
  }
}

function heartbeatColumns(settings: HeartbeatSettings | undefined): Pick<IntegrationEntity, 'heartbeatIntervalSeconds' | 'heartbeatGraceSeconds'> {
  return { heartbeatIntervalSeconds: settings?.intervalSeconds ?? null, heartbeatGraceSeconds: settings?.graceSeconds ?? null };
}

/** The integration, given its signing secret in clear. */
function toIntegration(entity: IntegrationEntity, signingSecret: string | null): Integration {
  return {
    id: entity.id,
    name: entity.name,
    source: entity.source as IntegrationSource,
    keyHash: entity.keyHash,
    enabled: entity.enabled,
    signing:
      signingSecret === null ? null : { scheme: (entity.signatureScheme ?? 'standard-webhooks') as SignatureScheme, secret: signingSecret },
    rateLimitPerMinute: entity.rateLimitPerMinute,
    severityMap: (entity.severityMap as Record<string, Severity> | null) ?? null,
    dedupScope: entity.dedupScope === 'global' ? 'global' : 'integration',
    managedBy: entity.managedBy,
    heartbeat:
      entity.source === 'heartbeat' && entity.heartbeatIntervalSeconds !== null
        ? { intervalSeconds: entity.heartbeatIntervalSeconds, graceSeconds: entity.heartbeatGraceSeconds ?? 0 }
        : null,
    createdAt: entity.createdAt,
    updatedAt: entity.updatedAt,
  };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string } | undefined)?.code === '23505';
}
