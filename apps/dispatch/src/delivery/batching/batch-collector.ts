/** When a receiver's batch goes: at `size` items, or `timeoutMs` after its first item arrived. */
export interface BatchLimits {
  readonly size: number;
  readonly timeoutMs: number;
}

/** The timer the collector uses (injected so tests control time). */
export interface BatchTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const REAL_TIMERS: BatchTimers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface Waiting<T, R> {
  readonly item: T;
  readonly resolve: (result: R) => void;
  readonly reject: (error: unknown) => void;
}

interface Open<T, R> {
  readonly items: Array<Waiting<T, R>>;
  readonly timer: unknown;
}

/**
 * Collects items per key (a receiver) into batches and hands each batch to `send`, which
 * answers one result per item, in order. A batch goes when it is full or when its oldest item
 * has waited `timeoutMs`; each `add` resolves with its own item's result (or rejects with
 * the batch's error). Nothing here knows about receivers, HTTP or the broker.
 */
export class BatchCollector<T, R> {
  private readonly open = new Map<string, Open<T, R>>();
  private closed = false;

  constructor(
    private readonly send: (key: string, items: readonly T[]) => Promise<readonly R[]>,
    private readonly timers: BatchTimers = REAL_TIMERS,
  ) {}

  add(key: string, item: T, limits: BatchLimits): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let batch = this.open.get(key);
      if (!batch) {
        batch = { items: [], timer: this.timers.set(() => this.flush(key), limits.timeoutMs) };
        this.open.set(key, batch);
      }
      batch.items.push({ item, resolve, reject });
      if (batch.items.length >= limits.size || this.closed) this.flush(key);
    });
  }

  /** Items waiting for their batch, over all keys. */
  get waiting(): number {
    let n = 0;
    for (const batch of this.open.values()) n += batch.items.length;
    return n;
  }

  /** Sends every open batch now, and from then on every item at once (shutdown: nothing waits for a timer). */
  close(): void {
    this.closed = true;
    for (const key of [...this.open.keys()]) this.flush(key);
  }

  private flush(key: string): void {
    const batch = this.open.get(key);
    if (!batch) return;
    this.open.delete(key);
    this.timers.clear(batch.timer);
    const waiting = batch.items;
    this.send(
      key,
      waiting.map((w) => w.item),
    ).then(
      (results) => {
        if (results.length !== waiting.length) {
          const error = new Error(`a batch of ${waiting.length} got ${results.length} results`);
          for (const w of waiting) w.reject(error);
          return;
        }
        waiting.forEach((w, i) => w.resolve(results[i]!));
      },
      (error: unknown) => {
        for (const w of waiting) w.reject(error);
      },
    );
  }
}
