import pg from 'pg';

/**
 * A dedicated connection that LISTENs on one channel and calls back on every
 * NOTIFY. Reconnects after a failure; callers must also poll, because notifications
 * sent while disconnected are lost.
 */
export class NotificationListener {
  private client: pg.Client | undefined;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly onNotify: () => void,
    private readonly onError: (error: unknown) => void,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel "${channel}"`);
  }

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', () => this.onNotify());
    client.on('error', (error) => {
      this.onError(error);
      void this.restart();
    });
    await client.connect();
    await client.query(`LISTEN ${this.channel}`);
    this.client = client;
  }

  async stop(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
  }

  private async restart(): Promise<void> {
    await this.client?.end().catch(() => undefined);
    while (!this.closed) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      try {
        await this.start();
        this.onNotify();
        return;
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
