import { Injectable } from '@nestjs/common';
import type { Route } from '../routing/domain/index.js';
import { ConfigCache } from './config-cache.js';
import type { Receiver } from './domain/receiver.js';

export { DISPATCH_CONFIG_FILE } from './declarative-config.js';

/**
 * Receivers and the routing tree for the per-message paths: synchronous reads of the
 * in-memory configuration (PostgreSQL, kept fresh by LISTEN/NOTIFY and a poll).
 */
@Injectable()
export class ReceiverRegistry {
  constructor(private readonly cache: ConfigCache) {}

  get route(): Route {
    return this.cache.current.route;
  }

  get(id: string): Receiver | undefined {
    return this.cache.current.receivers.get(id);
  }

  all(): readonly Receiver[] {
    return [...this.cache.current.receivers.values()];
  }
}
