import { CreateDeliveryLog1700000000501, DeliveriesJobOptional1700000000503, DeliveryLogLz4Compression1700000000505 } from './log/delivery-log.migrations.js';
import { CreateReceiverState1700000000502 } from './state/receiver-state.migrations.js';
import { CreateSlackThreads1700000000504 } from './state/slack-threads.migrations.js';

/** The delivery engine's tables: the delivery log, what it knows of each receiver, Slack threads. */
export const DELIVERY_MIGRATIONS = [CreateDeliveryLog1700000000501, CreateReceiverState1700000000502, DeliveriesJobOptional1700000000503, CreateSlackThreads1700000000504, DeliveryLogLz4Compression1700000000505];
