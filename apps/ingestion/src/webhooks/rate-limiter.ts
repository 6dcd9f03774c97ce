import { Injectable } from '@nestjs/common';
import { type Bucket, takeToken } from './domain/token-bucket.js';

/**
 * One token bucket per integration, in this replica's memory: with N replicas an
 * integration may send up to N times its limit. Only authenticated requests reach
 * it, so the map holds at most one bucket per integration.
 */
@Injectable()
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  take(integrationId: string, perMinute: number, nowMs = Date.now()): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const result = takeToken(this.buckets.get(integrationId), perMinute, nowMs);
    this.buckets.set(integrationId, result.bucket);
    return result.allowed ? { allowed: true } : { allowed: false, retryAfterSeconds: result.retryAfterSeconds };
  }
}
