import { failureKey, RepeatedFailures } from '@herald/messaging';
import type { Logger } from '@herald/observability';

/**
 * How a background loop (timer scheduler, outbox relay) reports its failures, as the consumer
 * runner does: the first failure of a kind is logged in full, its repeats only counted and
 * summarised in one line per kind every `summaryMs`. During a database outage a loop that
 * retries every second then writes a few lines, not one a second.
 */
export class FailureLog {
  private readonly failures = new RepeatedFailures();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logger: Logger,
    /** Names the loop in every line (`loop`) and in the failure's kind. */
    private readonly loop: string,
    private readonly summaryMs = 10_000,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => this.summarise(), this.summaryMs);
    this.timer.unref();
  }

  /** Stops the timer and writes what is still counted. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.summarise();
  }

  /** Logs `message` with the error if it is the first of its kind; otherwise counts it. */
  failed(error: unknown, message: string): void {
    if (!this.failures.note(failureKey(`${this.loop}: ${message}`, error))) return;
    this.logger.warn({ err: error, loop: this.loop }, `${message} (repeats of this failure are summarised)`);
  }

  private summarise(): void {
    const seconds = this.summaryMs / 1_000;
    for (const { key, repeats } of this.failures.drain()) {
      this.logger.warn({ loop: this.loop, failure: key, repeats }, `the same failure ${repeats} more times in ${seconds} s`);
    }
  }
}
