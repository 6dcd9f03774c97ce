import { receiverTakes } from '../../routing/domain/notification-plan.js';
import { SUBSCRIPTIONS, type Subscription } from '../../routing/domain/route-tree.js';

/** The receiver's subscriptions as a list: unset is every type. Kept in {@link SUBSCRIPTIONS} order. */
export function effectiveSubscriptions(eventTypes: readonly Subscription[] | undefined): Subscription[] {
  return SUBSCRIPTIONS.filter((s) => receiverTakes(eventTypes, s));
}

/** Adds one subscription (idempotent). Subscribing when unset changes nothing: every type is already taken. */
export function subscribe(eventTypes: readonly Subscription[] | undefined, subscription: Subscription): Subscription[] | undefined {
  if (eventTypes === undefined) return undefined;
  return effectiveSubscriptions([...eventTypes, subscription]);
}

/** Removes one subscription (idempotent); from unset, the result is every type but this one. */
export function unsubscribe(eventTypes: readonly Subscription[] | undefined, subscription: Subscription): Subscription[] {
  return effectiveSubscriptions(eventTypes).filter((s) => s !== subscription);
}
