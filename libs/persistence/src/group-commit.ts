/**
 * Group commit: callers each `submit` one item and get its own result, while the items are
 * written together. A lone item is written at once; items that arrive while a write is in
 * flight wait for it and go together in the next one (up to `maxBatch`). Under load a
 * hundred concurrent deliveries cost a couple of commits, not a hundred; when idle, nothing
 * is held back.
 *
 * `write` gets the items in submission order and must return one result per item, in the
 * same order. If a write of several items throws, each is written again on its own, so one
 * bad item (say, a value the database refuses) fails only its own caller.
 */
export class GroupCommit<I, O> {
  private queue: Array<{ item: I; resolve: (value: O) => void; reject: (error: unknown) => void }> = [];
  private writing = 0;

  constructor(
    private readonly write: (items: readonly I[]) => Promise<readonly O[]>,
    private readonly options: { readonly maxBatch?: number; readonly maxConcurrent?: number } = {},
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      // Items submitted in the same turn (a batch handled together) go out as one write.
      if (this.queue.length === 1) queueMicrotask(() => this.pump());
    });
  }

  private pump(): void {
    const maxBatch = this.options.maxBatch ?? 500;
    const maxConcurrent = this.options.maxConcurrent ?? 1;
    while (this.queue.length > 0 && this.writing < maxConcurrent) {
      const batch = this.queue.splice(0, maxBatch);
      this.writing += 1;
      void this.flush(batch).finally(() => {
        this.writing -= 1;
        this.pump();
      });
    }
  }

  private async flush(batch: Array<{ item: I; resolve: (value: O) => void; reject: (error: unknown) => void }>): Promise<void> {
    try {
      const results = await this.write(batch.map((b) => b.item));
      if (results.length !== batch.length) throw new Error(`group write returned ${results.length} results for ${batch.length} items`);
      batch.forEach((b, i) => b.resolve(results[i]!));
    } catch (error) {
      if (batch.length === 1) batch[0]!.reject(error);
      else for (const b of batch) await this.flush([b]);
    }
  }
}
