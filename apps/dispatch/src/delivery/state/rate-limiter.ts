import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { rateLimitDecision, type RateLimitDecision, type RateLimits } from '../domain/index.js';

interface WindowRow {
  minute_start: Date;
  minute_count: number;
  hour_start: Date;
  hour_count: number;
}

/**
 * Per-receiver send limits shared by every replica: the window counters live in
 * `receiver_rate_windows`, read and advanced under a row lock; the decision is the
 * pure `rateLimitDecision`. Only receivers with limits pay for the round trips.
 */
@Injectable()
export class RateLimiter {
  constructor(private readonly dataSource: DataSource) {}

  async take(receiverId: string, limits: RateLimits, now: number): Promise<RateLimitDecision> {
    return this.dataSource.transaction(async (em) => {
      await em.query(
        `INSERT INTO receiver_rate_windows (receiver_id, minute_start, minute_count, hour_start, hour_count)
         VALUES ($1, to_timestamp(0), 0, to_timestamp(0), 0) ON CONFLICT (receiver_id) DO NOTHING`,
        [receiverId],
      );
      const rows: WindowRow[] = await em.query(
        'SELECT minute_start, minute_count, hour_start, hour_count FROM receiver_rate_windows WHERE receiver_id = $1 FOR UPDATE',
        [receiverId],
      );
      const row = rows[0]!;
      const decision = rateLimitDecision(
        { minute: { start: row.minute_start.getTime(), count: row.minute_count }, hour: { start: row.hour_start.getTime(), count: row.hour_count } },
        now,
        limits,
      );
      if (decision.allowed) {
        const { minute, hour } = decision.state;
        await em.query(
          'UPDATE receiver_rate_windows SET minute_start = $2, minute_count = $3, hour_start = $4, hour_count = $5 WHERE receiver_id = $1',
          [receiverId, new Date(minute.start), minute.count, new Date(hour.start), hour.count],
        );
      }
      return decision;
    });
  }
}
