import { Module, type DynamicModule } from '@nestjs/common';
import { CONSUMERS } from '@herald/contracts';
import { MessagingModule, messagingOptionsFromEnv } from '@herald/messaging';
import { accessOptions, ObservabilityModule } from '@herald/observability';
import type { NormalisationConfig } from './config.js';
import { NormaliseRawAlert } from './normalise/normalise-raw-alert.js';
import { SNS_CONFIRM_OPTIONS, SnsConfirmer } from './sns/sns-confirmer.js';

export const SERVICE = 'normalisation';

@Module({})
export class NormalisationModule {
  static forRoot(config: NormalisationConfig): DynamicModule {
    return {
      module: NormalisationModule,
      imports: [
        ObservabilityModule.forRoot({ service: SERVICE, logLevel: config.LOG_LEVEL, adminToken: config.HERALD_ADMIN_TOKEN, access: accessOptions(config) }),
        MessagingModule.forRoot(
          messagingOptionsFromEnv(SERVICE, config, ['ALERTS_RAW', 'ALERTS'], {
            [CONSUMERS.normalisation.durable]: { batchSize: config.NORMALISATION_BATCH_SIZE, concurrency: config.NORMALISATION_CONCURRENCY },
          }),
        ),
      ],
      providers: [
        {
          provide: SNS_CONFIRM_OPTIONS,
          useValue: { enabled: config.NORMALISATION_SNS_AUTO_CONFIRM, timeoutMs: config.NORMALISATION_SNS_CONFIRM_TIMEOUT_MS },
        },
        SnsConfirmer,
      ],
      controllers: [NormaliseRawAlert],
    };
  }
}
