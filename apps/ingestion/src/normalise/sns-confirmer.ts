import { Inject, Injectable } from '@nestjs/common';

export const SNS_CONFIRM_OPTIONS = Symbol('SNS_CONFIRM_OPTIONS');

export interface SnsConfirmOptions {
  /** Off: the URL is only logged, for an operator to visit. */
  readonly enabled: boolean;
  readonly timeoutMs: number;
}

export type Confirmation = { outcome: 'confirmed' } | { outcome: 'skipped' } | { outcome: 'failed'; reason: string };

/**
 * Confirms an SNS subscription by visiting its SubscribeURL. The URL was checked by
 * the cloudwatch schema (https, `sns.<region>.amazonaws.com`, ConfirmSubscription for
 * the message's own topic) before it got here; redirects are not followed.
 */
@Injectable()
export class SnsConfirmer {
  constructor(@Inject(SNS_CONFIRM_OPTIONS) private readonly options: SnsConfirmOptions) {}

  async confirm(subscribeUrl: string): Promise<Confirmation> {
    if (!this.options.enabled) return { outcome: 'skipped' };
    try {
      const response = await fetch(subscribeUrl, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(this.options.timeoutMs) });
      await response.body?.cancel();
      return response.ok ? { outcome: 'confirmed' } : { outcome: 'failed', reason: `SNS answered ${response.status}` };
    } catch (error) {
      return { outcome: 'failed', reason: error instanceof Error ? error.message : String(error) };
    }
  }
}
