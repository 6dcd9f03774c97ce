import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LOGGER, type Logger } from '@herald/observability';
import { schemaName } from '@herald/persistence';
import type { DispatchConfig } from '../config.js';
import { oncePerConfig } from '../context-module.js';
import { RoutingConfigService } from '../routing/routing-config.service.js';
import { PlainHttpCheck } from '../security/plain-http-check.js';
import { CONFIG_CACHE_OPTIONS, ConfigCache, type ConfigCacheOptions } from './config-cache.js';
import { ConfigStore } from './config-store.js';
import { applyDeclaredConfig, DECLARED_CONFIG, DISPATCH_CONFIG_FILE } from './declarative-config.js';
import { ReceiverRegistry } from './receiver-registry.js';

/**
 * Dispatch's configuration context: receivers, the routing tree, silences, inhibit rules and
 * maintenance windows in PostgreSQL (the YAML file applied at start), cached in memory and
 * kept fresh across replicas. Depends on nothing else in dispatch; routing and delivery read
 * it through the exported cache and registry.
 */
@Module({})
export class ConfigurationModule {
  static readonly forRoot = oncePerConfig((config: DispatchConfig): DynamicModule => {
    const schema = schemaName(config.HERALD_NAMESPACE, 'dispatch');
    const cache: ConfigCacheOptions = { databaseUrl: config.DATABASE_URL, refreshMs: config.DISPATCH_CONFIG_REFRESH_MS };
    return {
      module: ConfigurationModule,
      providers: [
        { provide: DISPATCH_CONFIG_FILE, useValue: config.HERALD_CONFIG_FILE },
        { provide: CONFIG_CACHE_OPTIONS, useValue: cache },
        {
          provide: ConfigStore,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new ConfigStore(dataSource, `${schema}_config`.slice(0, 63), config.HERALD_SECRETS_KEY),
        },
        { provide: PlainHttpCheck, useValue: new PlainHttpCheck(config.DISPATCH_ALLOW_CIDRS) },
        {
          provide: DECLARED_CONFIG,
          inject: [ConfigStore, DISPATCH_CONFIG_FILE, LOGGER, PlainHttpCheck],
          useFactory: (store: ConfigStore, file: string | undefined, logger: Logger, plainHttp: PlainHttpCheck) => applyDeclaredConfig(store, file, logger, plainHttp),
        },
        ConfigCache,
        ReceiverRegistry,
        RoutingConfigService,
      ],
      exports: [CONFIG_CACHE_OPTIONS, PlainHttpCheck, ConfigStore, ConfigCache, ReceiverRegistry, RoutingConfigService],
    };
  });
}
