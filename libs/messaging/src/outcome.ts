/** How a handler wants its message settled. */
export type Outcome =
  | { readonly type: 'ack' }
  | { readonly type: 'retry'; readonly delayMs: number; readonly reason?: string }
  | { readonly type: 'dead'; readonly reason: string };

export const ack = (): Outcome => ({ type: 'ack' });
export const retryAfter = (delayMs: number, reason?: string): Outcome => ({ type: 'retry', delayMs, ...(reason ? { reason } : {}) });
export const deadLetter = (reason: string): Outcome => ({ type: 'dead', reason });
