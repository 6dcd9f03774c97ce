import { ACTION_LOG_MIGRATIONS } from '@herald/persistence';
import { DELIVERY_MIGRATIONS } from './delivery/delivery.migrations.js';
import { RECEIVERS_MIGRATIONS } from './receivers/receivers.migrations.js';
import { ROUTING_MIGRATIONS } from './routing/routing.migrations.js';

/**
 * Every migration of the dispatch schema. Each capability folder exports its own list and
 * appends it here; TypeORM orders them by the timestamp in their names.
 */
export const DISPATCH_MIGRATIONS = [...RECEIVERS_MIGRATIONS, ...ROUTING_MIGRATIONS, ...DELIVERY_MIGRATIONS, ...ACTION_LOG_MIGRATIONS];
