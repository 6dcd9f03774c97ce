import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ToolProcess } from './processes.js';
import { freePort } from './stack.js';

const CANDIDATES = [process.env.ALERTMANAGER_BIN, process.env.HERALD_ALERTMANAGER, '/usr/bin/prometheus-alertmanager', '/usr/local/bin/alertmanager'];
/** The Alertmanager binary (Debian package prometheus-alertmanager, or ALERTMANAGER_BIN). */
export const ALERTMANAGER_BIN = process.env.ALERTMANAGER_BIN ?? CANDIDATES.find((path) => path !== undefined && existsSync(path));
/** Why a real-Alertmanager test is skipped, or false when it can run. */
export const ALERTMANAGER_MISSING =
  ALERTMANAGER_BIN !== undefined && existsSync(ALERTMANAGER_BIN)
    ? false
    : `Alertmanager is not installed (${ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager'} missing): apt-get install prometheus-alertmanager, or set ALERTMANAGER_BIN`;

/**
 * A real Alertmanager on loopback with the given configuration (YAML) and a directory of its own,
 * which can be stopped and started again on the same port and data.
 */
export class RealAlertmanager {
  private tool: ToolProcess | undefined;
  private earlier = '';
  private port = 0;
  private readonly dir = mkdtempSync(join(tmpdir(), 'herald-am-'));

  constructor(config: string) {
    writeFileSync(join(this.dir, 'alertmanager.yml'), config);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What it printed (the last 20 kB of each run), for failure messages. */
  get output(): string {
    return this.earlier + (this.tool?.log ?? '');
  }

  async start(): Promise<this> {
    this.port ||= await freePort();
    this.tool = await ToolProcess.start(
      ALERTMANAGER_BIN!,
      [
        `--config.file=${join(this.dir, 'alertmanager.yml')}`,
        `--storage.path=${join(this.dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${this.port}`,
        '--cluster.listen-address=',
        '--log.level=debug',
      ],
      `${this.url}/-/ready`,
    );
    return this;
  }

  /** Posts alerts to Alertmanager's own API (as Prometheus does); resolves with the status. */
  async post(alerts: unknown[]): Promise<number> {
    const response = await fetch(`${this.url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
    return response.status;
  }

  /** SIGTERM and wait for the exit. */
  async stop(): Promise<void> {
    const tool = this.tool;
    this.tool = undefined;
    if (!tool) return;
    await tool.stop();
    this.earlier += tool.log;
  }

  /** Stops it and removes its directory. */
  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
