export interface PollingLoopOptions {
  /** A pass every this many milliseconds (the timer does not keep the process alive). */
  readonly everyMs: number;
  /** What a pass asked for while one runs does: nothing (`skip`), or one more pass after it (`again`). */
  readonly overlap: 'skip' | 'again';
  /** Told of a pass that failed; the next one runs at its time anyway. */
  readonly onError: (error: unknown) => void;
}

/**
 * A background pass over the database (due repeats, group flushes, escalation steps, heartbeat
 * checks, direct-send sweeps), run every `everyMs` and on demand, never two at once in one
 * process; replicas share the work by locking due rows with SKIP LOCKED in the pass itself.
 * `stop` waits for the pass under way, so a shutdown does not cut one off.
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly options: PollingLoopOptions,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.run(), this.options.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /**
   * Runs `pass` (the loop's own unless given) now. While a pass runs, `skip` resolves at once and
   * `again` resolves when the pass under way and one more after it have ended. Never rejects.
   */
  run(pass: () => Promise<void> = this.pass): Promise<void> {
    if (this.running) {
      if (this.options.overlap === 'skip') return Promise.resolve();
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await pass();
        } while (this.again);
      } catch (error) {
        this.options.onError(error);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }
}
