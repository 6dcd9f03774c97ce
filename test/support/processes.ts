import { spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from './wait.js';

/** A tool run for a test (Alertmanager, Prometheus): its output kept for failure messages, stopped with SIGTERM. */
export class ToolProcess {
  private output = '';
  private constructor(private readonly child: ChildProcess) {
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  /** Starts `command` and waits until `readyUrl` answers 200. */
  static async start(command: string, args: readonly string[], readyUrl: string): Promise<ToolProcess> {
    const tool = new ToolProcess(spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    try {
      await waitFor(async () => (await fetch(readyUrl).catch(() => undefined))?.status === 200, `${command} to become ready`, 20_000, 100);
    } catch (error) {
      await tool.stop();
      throw new Error(`${(error as Error).message}:\n${tool.output}`);
    }
    return tool;
  }

  get log(): string {
    return this.output;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
