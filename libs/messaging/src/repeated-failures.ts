/** One kind of failure that happened again after it was first logged. */
export interface RepeatSummary {
  readonly key: string;
  /** Times it happened since it was last logged or summarised. */
  readonly repeats: number;
}

/**
 * Keeps an outage from writing one warning with a stack per message and retry: the first
 * failure of a kind is logged in full, repeats are only counted, and `drain()` (called on a
 * timer) returns the counts to log as one line each. A kind that stayed quiet for a whole
 * period is forgotten, so its next occurrence is logged in full again. Pure: no clock, no I/O.
 */
export class RepeatedFailures {
  private readonly repeats = new Map<string, number>();

  constructor(private readonly maxKinds = 100) {}

  /** Records one failure; true when it is the first of its kind and should be logged in full. */
  note(key: string): boolean {
    const seen = this.repeats.get(key);
    if (seen !== undefined) {
      this.repeats.set(key, seen + 1);
      return false;
    }
    // A flood of distinct messages must not grow this without bound: they are logged, not kept.
    if (this.repeats.size >= this.maxKinds) return true;
    this.repeats.set(key, 0);
    return true;
  }

  /** The kinds that repeated since the last drain, with their counts; forgets the quiet ones. */
  drain(): RepeatSummary[] {
    const out: RepeatSummary[] = [];
    for (const [key, repeats] of this.repeats) {
      if (repeats === 0) this.repeats.delete(key);
      else {
        out.push({ key, repeats });
        this.repeats.set(key, 0);
      }
    }
    return out;
  }
}

/** What makes two failures "the same kind" for the log: class, name, code and message (not the stack, nor ids). */
export function failureKey(failureClass: string, error: unknown): string {
  if (!(error instanceof Error)) return `${failureClass}: ${String(error).slice(0, 200)}`;
  const code = (error as { code?: unknown }).code;
  return `${failureClass}: ${error.name}${typeof code === 'string' ? ` ${code}` : ''}: ${error.message.slice(0, 200)}`;
}
