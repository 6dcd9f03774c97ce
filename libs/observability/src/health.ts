/** A readiness check: resolves true when the dependency is usable. */
export type HealthCheck = () => Promise<boolean> | boolean;

export interface HealthReport {
  readonly status: 'ok' | 'unavailable';
  readonly checks: Readonly<Record<string, 'up' | 'down'>>;
}

/** Named readiness checks (NATS connected, PostgreSQL reachable, consumers running). */
export class HealthChecks {
  private readonly checks = new Map<string, HealthCheck>();

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  async report(timeoutMs = 2_000): Promise<HealthReport> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, (await withTimeout(check, timeoutMs)) ? 'up' : 'down'] as const),
    );
    const checks = Object.fromEntries(entries);
    return { status: entries.every(([, s]) => s === 'up') ? 'ok' : 'unavailable', checks };
  }
}

async function withTimeout(check: HealthCheck, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      Promise.resolve().then(check),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
