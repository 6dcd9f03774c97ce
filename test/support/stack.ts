import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { pino } from 'pino';
import { STREAM_NAMES } from '@herald/contracts';
import { JetStreamConnection, removeStreams, Topology } from '@herald/messaging';
import { dropSchema, schemaName } from '@herald/persistence';
import { waitFor } from './wait.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/**
 * The Node and malloc settings every service runs with, as `npm start` and the image run them
 * (deploy/service-runtime.json); a variable set in the environment wins.
 */
export const SERVICE_RUNTIME_ENV = JSON.parse(readFileSync(join(ROOT, 'deploy', 'service-runtime.json'), 'utf8')) as Readonly<Record<string, string>>;
export const SERVICE_NAMES = ['ingestion', 'incidents', 'dispatch', 'analytics'] as const;
/** The gateway is started only when asked for (`services: [...SERVICE_NAMES, 'gateway']`), after the services it fronts. */
export type ServiceName = (typeof SERVICE_NAMES)[number] | 'gateway';
const SCHEMA_OWNERS: readonly ServiceName[] = ['ingestion', 'incidents', 'dispatch', 'analytics'];

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/herald';

export interface StackOptions {
  /** The declarative configuration file (YAML). */
  readonly config: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly services?: readonly ServiceName[];
  /** Per-service extra environment. */
  readonly serviceEnv?: Partial<Record<ServiceName, Readonly<Record<string, string>>>>;
}

interface Running {
  child: ChildProcess;
  port: number;
  output: string[];
  /** Everything printed since `capture()` (not capped, unlike `output`). */
  captured?: string[];
  exited: Promise<number | null>;
}

/**
 * The five built services as separate processes on loopback, isolated by a
 * namespace of their own (NATS streams and PostgreSQL schemas), cleaned up after.
 */
export class HeraldStack {
  readonly namespace: string;
  /** HERALD_SECRETS_KEY for this stack's services (a test may override it through `env`). */
  readonly secretsKey = `t1:${randomBytes(32).toString('base64')}`;
  private readonly running = new Map<ServiceName, Running>();
  private readonly dir: string;
  private readonly ports = new Map<ServiceName, number>();

  private constructor(private readonly options: StackOptions) {
    this.namespace = testNamespace();
    this.dir = mkdtempSync(join(tmpdir(), 'herald-stack-'));
    writeFileSync(this.configPath, options.config);
  }

  static async start(options: StackOptions): Promise<HeraldStack> {
    const stack = new HeraldStack(options);
    try {
      for (const name of options.services ?? SERVICE_NAMES) await stack.startService(name);
    } catch (error) {
      await stack.stop();
      await stack.cleanup();
      throw error;
    }
    return stack;
  }

  get configPath(): string {
    return join(this.dir, 'herald.yaml');
  }

  url(service: ServiceName, path = ''): string {
    const port = this.ports.get(service);
    if (port === undefined) throw new Error(`${service} was never started`);
    return `http://127.0.0.1:${port}${path}`;
  }

  /** Everything a service printed, for failure messages. */
  output(service: ServiceName): string {
    return this.running.get(service)?.output.join('') ?? '';
  }

  /** Starts keeping everything `name` prints from now on; `captured` returns it. */
  capture(name: ServiceName): void {
    const running = this.running.get(name);
    if (running) running.captured = [];
  }

  /** What `name` printed since `capture(name)`. */
  captured(name: ServiceName): string {
    return this.running.get(name)?.captured?.join('') ?? '';
  }

  /** `env` is added to this start only (e.g. a restart with another HERALD_SECRETS_KEY). */
  async startService(name: ServiceName, env: Readonly<Record<string, string>> = {}): Promise<void> {
    const port = this.ports.get(name) ?? (await freePort());
    this.ports.set(name, port);
    const output: string[] = [];
    const extraArgs = process.env.HERALD_STACK_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    // Run as in production (the Dockerfile, npm start): without --enable-source-maps, which costs each service 30-40 MiB.
    const child = spawn(process.execPath, [...extraArgs, join(ROOT, 'apps', name, 'dist', 'main.js')], {
      cwd: ROOT,
      env: {
        ...SERVICE_RUNTIME_ENV,
        ...process.env,
        NATS_URL,
        DATABASE_URL,
        HERALD_NAMESPACE: this.namespace,
        HERALD_CONFIG_FILE: this.configPath,
        LOG_LEVEL: process.env.HERALD_TEST_LOG_LEVEL ?? 'warn',
        NATS_STREAM_STORAGE: 'file',
        SHUTDOWN_GRACE_SECONDS: '5',
        HERALD_SECRETS_KEY: this.secretsKey,
        ...this.options.env,
        ...(name === 'gateway' ? this.gatewayEnv() : {}),
        ...this.options.serviceEnv?.[name],
        ...env,
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer): void => {
      output.push(chunk.toString('utf8'));
      this.running.get(name)?.captured?.push(chunk.toString('utf8'));
      if (output.length > 500) output.splice(0, output.length - 500);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    this.running.set(name, { child, port, output, exited });
    let gone = false;
    void exited.then(() => (gone = true));
    await waitFor(
      async () => {
        if (gone) throw new Error(`${name} exited during start:\n${output.join('')}`);
        return ready(`http://127.0.0.1:${port}/health/ready`);
      },
      `${name} to become ready`,
      30_000,
      100,
    );
  }

  /** Where the gateway finds each service of this stack (those not started point at a closed port). */
  private gatewayEnv(): Record<string, string> {
    const env: Record<string, string> = {};
    for (const name of ['ingestion', 'incidents', 'dispatch', 'analytics'] as const) {
      env[`GATEWAY_${name.toUpperCase()}_URL`] = `http://127.0.0.1:${this.ports.get(name) ?? 9}`;
    }
    return env;
  }

  /** SIGKILL: the process gets no chance to finish anything. */
  async kill(name: ServiceName): Promise<void> {
    const running = this.running.get(name);
    if (!running) return;
    running.child.kill('SIGKILL');
    await running.exited;
    this.running.delete(name);
  }

  /** SIGTERM and wait: graceful shutdown. Resolves with the exit code. */
  async terminate(name: ServiceName): Promise<number | null> {
    const running = this.running.get(name);
    if (!running) return null;
    running.child.kill('SIGTERM');
    const code = await running.exited;
    this.running.delete(name);
    return code;
  }

  /** A connected PostgreSQL client whose search path is `service`'s schema in this stack (the caller ends it). */
  async schemaClient(service: ServiceName): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${schemaName(this.namespace, service)}` });
    await client.connect();
    return client;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.running.keys()].map((name) => this.terminate(name)));
  }

  /** Removes the namespace's streams and schemas. */
  async cleanup(): Promise<void> {
    await removeNamespace(this.namespace);
    rmSync(this.dir, { recursive: true, force: true });
  }

  async metrics(service: ServiceName): Promise<string> {
    const response = await fetch(this.url(service, '/metrics'));
    return response.text();
  }
}

/** The value of one sample in Prometheus text format, or 0 when absent. */
export function metricValue(text: string, name: string, labels: Readonly<Record<string, string>> = {}): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const set = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => set[k] === v)) return Number(match[3]);
  }
  return 0;
}

async function ready(url: string): Promise<boolean> {
  try {
    const response = await fetch(url);
    return response.status === 200;
  } catch {
    return false;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A namespace of its own for one test's services (streams and schemas), unique in this run. */
export function testNamespace(): string {
  const run = (process.env.HERALD_TEST_RUN_ID ?? 't').toLowerCase().replace(/[^a-z0-9_]/g, '');
  return `${run}_${randomBytes(3).toString('hex')}`;
}

/** Removes a namespace's NATS streams and PostgreSQL schemas. */
export async function removeNamespace(namespace: string): Promise<void> {
  const connection = await JetStreamConnection.connect({ url: NATS_URL, name: 'herald-test-cleanup', logger: pino({ level: 'silent' }) });
  try {
    await removeStreams(connection.jsm, new Topology(namespace), STREAM_NAMES);
  } finally {
    await connection.close();
  }
  for (const service of SCHEMA_OWNERS) await dropSchema(DATABASE_URL, schemaName(namespace, service));
}

/**
 * A test's `after`: closes its clients (broker, pool), stops and removes the stack, then stops
 * its servers; each only if the test got as far as making it.
 */
export async function tearDown(
  stack: HeraldStack | undefined,
  clients: ReadonlyArray<{ close(): Promise<void> } | undefined> = [],
  servers: ReadonlyArray<{ stop(): Promise<void> }> = [],
): Promise<void> {
  for (const client of clients) await client?.close();
  await stack?.stop();
  await stack?.cleanup();
  for (const server of servers) await server.stop();
}
