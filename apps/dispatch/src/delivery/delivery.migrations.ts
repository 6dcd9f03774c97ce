import { CreateDeliveryLog1700000000501, DeliveriesJobOptional1700000000503 } from './log/delivery-log.migrations.js';
import { CreateReceiverState1700000000502 } from './state/receiver-state.migrations.js';

/** The delivery engine's tables: the delivery log and what it knows of each receiver. */
export const DELIVERY_MIGRATIONS = [CreateDeliveryLog1700000000501, CreateReceiverState1700000000502, DeliveriesJobOptional1700000000503];
