/**
 * A bound on work in flight: `acquire` resolves at once while fewer than `size` are held,
 * otherwise when one is released (first come, first served). Used to pipeline publishes:
 * many PubAcks outstanding at once, but never an unbounded pile of them.
 */
export class Window {
  private held = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`window size must be a positive integer, got ${size}`);
  }

  get inFlight(): number {
    return this.held;
  }

  acquire(): Promise<void> | undefined {
    if (this.held < this.size) {
      this.held += 1;
      return undefined;
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    // The slot passes straight to the next waiter; `held` stays the same.
    if (next) next();
    else this.held -= 1;
  }

  /** Runs `task` inside a slot. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    const wait = this.acquire();
    if (wait) await wait;
    try {
      return await task();
    } finally {
      this.release();
    }
  }
}
