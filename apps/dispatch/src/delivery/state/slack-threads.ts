import type { DataSource } from 'typeorm';

/** Where an incident's messages to a Slack receiver thread: the first one's `ts`, kept in PostgreSQL. */
export interface ThreadStore {
  /** The thread's `ts`, when the incident has one at this receiver. */
  find(receiverId: string, incidentId: string): Promise<string | undefined>;
  /** Keeps the first message's `ts`; a thread already kept (a concurrent first message) stays. */
  keep(receiverId: string, incidentId: string, channel: string, ts: string): Promise<void>;
}

export class SlackThreads implements ThreadStore {
  constructor(private readonly dataSource: DataSource) {}

  async find(receiverId: string, incidentId: string): Promise<string | undefined> {
    const rows = await this.dataSource.query<Array<{ ts: string }>>('SELECT ts FROM slack_threads WHERE receiver_id = $1 AND incident_id = $2', [receiverId, incidentId]);
    return rows[0]?.ts;
  }

  async keep(receiverId: string, incidentId: string, channel: string, ts: string): Promise<void> {
    await this.dataSource.query('INSERT INTO slack_threads (receiver_id, incident_id, channel, ts) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [receiverId, incidentId, channel, ts]);
  }

  /** Forgets threads started before `before` (the delivery log's retention): a later update starts a new one. */
  async prune(before: Date): Promise<void> {
    await this.dataSource.query('DELETE FROM slack_threads WHERE created_at < $1', [before]);
  }
}
