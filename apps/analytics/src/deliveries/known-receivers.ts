import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { z } from 'zod';
import { loadConfigSection } from '@herald/config';
import { Channel, SubjectToken } from '@herald/contracts';
import { LOGGER, type Logger } from '@herald/observability';
import { DeliveryMetrics } from './delivery-metrics.js';
import { RollupStore } from './rollup-store.js';

export const CONFIG_FILE = Symbol('CONFIG_FILE');

/** Only what analytics needs from `dispatch:`; the rest belongs to dispatch. */
const DispatchReceivers = z.looseObject({
  receivers: z.array(z.looseObject({ id: SubjectToken, channel: Channel })).default([]),
});

/**
 * Pre-initialises the per-receiver metric series at start, so rates start at 0
 * rather than absent, also after a restart: receivers declared in the
 * configuration file and every receiver the rollups know.
 */
@Injectable()
export class KnownReceivers implements OnApplicationBootstrap {
  constructor(
    private readonly store: RollupStore,
    private readonly metrics: DeliveryMetrics,
    @Inject(CONFIG_FILE) private readonly configFile: string | undefined,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.configFile) {
      try {
        const section = loadConfigSection(this.configFile, 'dispatch', DispatchReceivers);
        for (const r of section.receivers) this.metrics.knowReceiver(r.id, r.channel);
      } catch (error) {
        // Dispatch validates this file and refuses to start on errors; analytics only borrows names from it.
        this.logger.warn({ err: error }, 'could not read receivers from the configuration file');
      }
    }
    for (const s of await this.store.knownSeries()) this.metrics.knowReceiver(s.receiverId, s.channel);
  }
}
