import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { loadConfigSection } from '@herald/config';
import { LOGGER, type Logger } from '@herald/observability';
import { hashIntegrationKey } from './domain/integration-key.js';
import { IntegrationEntity } from './integration.entity.js';
import { IntegrationsSection } from './integrations.file.js';

export const INTEGRATIONS_FILE = Symbol('INTEGRATIONS_FILE');

/** Integrations in PostgreSQL; the configuration file's are applied at start (GitOps). */
@Injectable()
export class IntegrationsService implements OnModuleInit {
  private readonly repository: Repository<IntegrationEntity>;

  constructor(
    dataSource: DataSource,
    @Inject(INTEGRATIONS_FILE) private readonly file: string | undefined,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.repository = dataSource.getRepository(IntegrationEntity);
  }

  async onModuleInit(): Promise<void> {
    const declared = loadConfigSection(this.file, 'integrations', IntegrationsSection);
    for (const d of declared) {
      const key = d.key ?? process.env[d.keyEnv ?? ''];
      if (!key) throw new Error(`integration ${d.id}: environment variable ${d.keyEnv} is not set`);
      await this.repository.upsert(
        {
          id: d.id,
          name: d.name,
          source: d.source,
          keyHash: hashIntegrationKey(key),
          enabled: d.enabled,
          signingSecret: d.signingSecret ?? null,
          rateLimitPerMinute: d.rateLimitPerMinute,
          managedBy: 'file',
        },
        ['id'],
      );
    }
    if (declared.length > 0) this.logger.info({ count: declared.length }, 'applied declared integrations');
  }

  findById(id: string): Promise<IntegrationEntity | null> {
    return this.repository.findOneBy({ id });
  }
}
