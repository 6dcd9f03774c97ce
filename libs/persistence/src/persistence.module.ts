import { Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HealthChecks, LOGGER, type Logger } from '@herald/observability';
import { openDataSource, type DatabaseOptions } from './data-source.js';

@Injectable()
class DataSourceLifecycle implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** The service's DataSource (migrated at start), with a readiness check. */
@Module({})
export class PersistenceModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      providers: [
        {
          provide: DataSource,
          inject: [HealthChecks, LOGGER],
          useFactory: async (health: HealthChecks, logger: Logger) => {
            const dataSource = await openDataSource({ logger, ...options });
            health.register('postgres', async () => {
              await dataSource.query('SELECT 1');
              return true;
            });
            return dataSource;
          },
        },
        DataSourceLifecycle,
      ],
      exports: [DataSource],
    };
  }
}
