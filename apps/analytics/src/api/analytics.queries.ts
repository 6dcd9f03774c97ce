import { Injectable } from '@nestjs/common';
import { RollupStore } from '../deliveries/rollup-store.js';
import { emptyTotals, figuresOf, totalsBy, type DeliveryFigures } from '../deliveries/domain/delivery-figures.js';
import { windowOf, type PeriodWindow } from '../deliveries/domain/analytics-period.js';
import { webhookAnalytics, type WebhookAnalytics } from '../deliveries/domain/webhook-analytics.js';

export interface PeriodView {
  readonly from: string;
  readonly to: string;
  readonly hours: number;
}

export type ReceiverAnalytics = { readonly receiver: string; readonly period: PeriodView } & DeliveryFigures & {
  readonly channels: ReadonlyArray<{ readonly channel: string } & DeliveryFigures>;
};

export interface SummaryAnalytics {
  readonly period: PeriodView;
  readonly totals: DeliveryFigures;
  readonly channels: ReadonlyArray<{ readonly channel: string } & DeliveryFigures>;
  readonly receivers: ReadonlyArray<{ readonly receiver: string } & DeliveryFigures>;
}

/** Answers analytics questions from the hourly rollups. */
@Injectable()
export class AnalyticsQueries {
  constructor(private readonly store: RollupStore) {}

  /** A receiver with no data in the period gets zeros and nulls, not 404: analytics cannot tell a quiet receiver from an unknown one. */
  async receiver(receiverId: string, days: number, now = new Date()): Promise<ReceiverAnalytics> {
    const window = windowOf(days * 24, now);
    const [rows, buckets] = await Promise.all([this.store.totals(window.from, receiverId), this.store.buckets(window.from, receiverId)]);
    return {
      receiver: receiverId,
      period: periodView(window),
      ...figuresOf(totalsBy(rows, buckets, () => '').get('') ?? emptyTotals()),
      channels: [...totalsBy(rows, buckets, (r) => r.channel)].map(([channel, t]) => ({ channel, ...figuresOf(t) })),
    };
  }

  /** Seed 001's flat answer, with Herald's breakdown (per channel, errors, dead and muted) beside it under `herald`. */
  async webhook(receiverId: string, days: number, now = new Date()): Promise<WebhookAnalytics & { herald: ReceiverAnalytics }> {
    const herald = await this.receiver(receiverId, days, now);
    return { ...webhookAnalytics(receiverId, days, herald), herald };
  }

  async summary(hours: number, now = new Date()): Promise<SummaryAnalytics> {
    const window = windowOf(hours, now);
    const [rows, buckets] = await Promise.all([this.store.totals(window.from), this.store.buckets(window.from)]);
    return {
      period: periodView(window),
      totals: figuresOf(totalsBy(rows, buckets, () => '').get('') ?? emptyTotals()),
      channels: [...totalsBy(rows, buckets, (r) => r.channel)].map(([channel, t]) => ({ channel, ...figuresOf(t) })),
      receivers: [...totalsBy(rows, buckets, (r) => r.receiverId)].map(([receiver, t]) => ({ receiver, ...figuresOf(t) })),
    };
  }
}

function periodView(window: PeriodWindow): PeriodView {
  return { from: window.from.toISOString(), to: window.to.toISOString(), hours: window.hours };
}
