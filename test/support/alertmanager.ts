import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './stack.js';
import { waitFor } from './wait.js';

const CANDIDATES = [process.env.ALERTMANAGER_BIN, process.env.HERALD_ALERTMANAGER, '/usr/bin/prometheus-alertmanager', '/usr/local/bin/alertmanager'];
/** The Alertmanager binary (Debian package prometheus-alertmanager, or ALERTMANAGER_BIN). */
export const ALERTMANAGER_BIN = process.env.ALERTMANAGER_BIN ?? CANDIDATES.find((path) => path !== undefined && existsSync(path));
/** Why a real-Alertmanager test is skipped, or false when it can run. */
export const ALERTMANAGER_MISSING =
  ALERTMANAGER_BIN !== undefined && existsSync(ALERTMANAGER_BIN)
    ? false
    : `Alertmanager is not installed (${ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager'} missing): apt-get install prometheus-alertmanager, or set ALERTMANAGER_BIN`;

/** A real Alertmanager process on loopback with the given configuration (YAML), its data in a directory of its own. */
export class RealAlertmanager {
  private child: ChildProcess | undefined;
  private log = '';
  private port = 0;
  private readonly dir = mkdtempSync(join(tmpdir(), 'herald-am-'));

  constructor(config: string) {
    writeFileSync(join(this.dir, 'alertmanager.yml'), config);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The last 20 kB it printed, for failure messages. */
  get output(): string {
    return this.log;
  }

  async start(): Promise<this> {
    this.port ||= await freePort();
    const child = spawn(
      ALERTMANAGER_BIN!,
      [
        `--config.file=${join(this.dir, 'alertmanager.yml')}`,
        `--storage.path=${join(this.dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${this.port}`,
        '--cluster.listen-address=',
        '--log.level=debug',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    const keep = (chunk: Buffer) => (this.log = (this.log + chunk.toString('utf8')).slice(-20_000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    try {
      await waitFor(async () => (await fetch(`${this.url}/-/ready`).catch(() => undefined))?.status === 200, 'Alertmanager to become ready', 20_000, 100);
    } catch (error) {
      throw new Error(`${(error as Error).message}:\n${this.log}`);
    }
    return this;
  }

  /** Posts alerts to Alertmanager's own API (as Prometheus does); resolves with the status. */
  async post(alerts: unknown[]): Promise<number> {
    const response = await fetch(`${this.url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
    return response.status;
  }

  /** SIGTERM and wait for the exit. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  /** Stops it and removes its directory. */
  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
