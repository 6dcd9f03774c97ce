import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, metricValue } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

/**
 * The Alertmanager binary: HERALD_ALERTMANAGER (set by `npm run bench`'s set-up, which
 * installs Debian's prometheus-alertmanager as the test set-up does), ALERTMANAGER_BIN,
 * or the Debian path. Undefined when none exists.
 */
export function alertmanagerBinary(): string | undefined {
  const candidates = [process.env.ALERTMANAGER_BIN, process.env.HERALD_ALERTMANAGER, '/usr/bin/prometheus-alertmanager', '/usr/local/bin/alertmanager'];
  return candidates.find((path): path is string => path !== undefined && path !== '' && existsSync(path));
}

/** How alerts are grouped: by default every alert its own group, notified at once. */
export interface AlertmanagerGrouping {
  readonly groupBy: readonly string[];
  readonly groupWaitSeconds: number;
}

const EVERY_ALERT_ALONE: AlertmanagerGrouping = { groupBy: ['alertname', 'instance'], groupWaitSeconds: 0 };

/**
 * Every alert its own group (distinct `instance`), notified at once (`group_wait: 0s`), or
 * the grouped storm's groups; never again during a run (`repeat_interval` hours away, no
 * resolved notifications), and a group that changed is told within a second.
 */
function config(receiverUrl: string, grouping: AlertmanagerGrouping): string {
  return `
route:
  receiver: bench
  group_by: [${grouping.groupBy.join(', ')}]
  group_wait: ${grouping.groupWaitSeconds}s
  group_interval: 1s
  repeat_interval: 4h
receivers:
  - name: bench
    webhook_configs:
      - url: ${receiverUrl}
        send_resolved: false
`;
}

/** A real Alertmanager on a free loopback port, clustering off, with its own storage directory. */
export class AlertmanagerProcess {
  private output = '';

  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {
    const keep = (chunk: Buffer): void => void (this.output = (this.output + chunk.toString('utf8')).slice(-10_000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  static async start(binary: string, receiverUrl: string, grouping: AlertmanagerGrouping = EVERY_ALERT_ALONE): Promise<AlertmanagerProcess> {
    const dir = mkdtempSync(join(tmpdir(), 'herald-bench-am-'));
    writeFileSync(join(dir, 'alertmanager.yml'), config(receiverUrl, grouping));
    const port = await freePort();
    const args = [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ];
    const am = new AlertmanagerProcess(`http://127.0.0.1:${port}`, spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] }), dir);
    try {
      await waitFor(async () => {
        if (am.child.exitCode !== null) throw new Error(`Alertmanager exited with ${am.child.exitCode}`);
        return (await fetch(`${am.url}/-/ready`).catch(() => undefined))?.status === 200;
      }, 'Alertmanager to become ready', 20_000, 50);
    } catch (error) {
      await am.stop();
      throw new Error(`${(error as Error).message}:\n${am.output}`);
    }
    return am;
  }

  /** Alertmanager's own count, since it started, of webhook notification requests and of failed ones (which it retries). */
  async notificationCounts(): Promise<Record<string, number>> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    const webhook = { integration: 'webhook' };
    return {
      notification_requests: metricValue(text, 'alertmanager_notification_requests_total', webhook),
      notification_requests_failed: metricValue(text, 'alertmanager_notification_requests_failed_total', webhook),
      notifications_failed: metricValue(text, 'alertmanager_notifications_failed_total', webhook),
    };
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
