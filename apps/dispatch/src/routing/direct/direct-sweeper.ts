import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { LOGGER, type Logger } from '@herald/observability';
import { PollingLoop } from '@herald/persistence';
import { DirectSendStore, type SweepPass } from './direct-send-store.js';
import { DirectSender } from './direct-sender.js';

export const DIRECT_SWEEP_OPTIONS = Symbol('DIRECT_SWEEP_OPTIONS');

export interface DirectSweepOptions {
  /** A replica is alive this long after its last beat; it beats every third of it. */
  readonly instanceTtlMs: number;
  /** Direct sends older than this are handed over whoever sent them (longer than any attempt takes). */
  readonly horizonMs: number;
  /** Orphans handed over per sweep. */
  readonly batchSize: number;
}

/**
 * Keeps this replica's heartbeat and, at the same pace, sweeps: direct sends left without an
 * outcome by a replica that stopped beating (SIGKILL, a lost node) go to DISPATCH, where the
 * sender's delivery-log check keeps a job that was in fact delivered from going twice.
 */
@Injectable()
export class DirectSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: PollingLoop;

  constructor(
    private readonly store: DirectSendStore,
    private readonly direct: DirectSender,
    @Inject(DIRECT_SWEEP_OPTIONS) private readonly options: DirectSweepOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new PollingLoop(() => this.pass(), {
      everyMs: Math.max(200, Math.floor(options.instanceTtlMs / 3)),
      overlap: 'skip',
      onError: (error) => this.logger.warn({ err: error }, 'direct-send sweep failed; trying again at the next beat'),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.store.beat(this.direct.instance, this.options.instanceTtlMs);
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** One beat and one sweep; a tick still running makes the next one skip. */
  tick(): Promise<void> {
    return this.loop.run();
  }

  private async pass(): Promise<void> {
    await this.store.beat(this.direct.instance, this.options.instanceTtlMs);
    let pass: SweepPass | undefined;
    do {
      pass = await this.store.sweep(this.options.horizonMs, this.options.batchSize, (orphans) => this.direct.handOver(orphans.map((o) => o.job)));
      if (pass?.handed) {
        this.direct.noteSwept(pass.handed);
        this.logger.warn({ jobs: pass.handed }, 'handed direct sends left without an outcome to DISPATCH');
      }
    } while (pass?.more);
  }
}
