import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { IncidentEventMessage } from '@herald/contracts';
import { absorb, type GroupChange, type GroupHeader, type GroupMember, type GroupState, type GroupTiming, type StoredMember } from './domain/index.js';

interface HeaderRow {
  group_key: string;
  receiver_id: string;
  labels: Record<string, string>;
  timing: GroupTiming;
  created_at: Date;
  sequence: number;
  last_notified_at: Date | null;
  last_flush_at: Date | null;
  next_flush_at: Date | null;
}

interface MemberRow {
  group_key: string;
  incident_id: string;
  status: 'firing' | 'resolved';
  notified: 'firing' | 'resolved' | null;
  version: number;
  changed_at: Date;
  message?: unknown;
}

function toHeader(row: HeaderRow): GroupHeader {
  return {
    key: row.group_key,
    receiverId: row.receiver_id,
    labels: row.labels,
    timing: row.timing,
    createdAt: row.created_at.getTime(),
    sequence: row.sequence,
    ...(row.last_notified_at ? { lastNotifiedAt: row.last_notified_at.getTime() } : {}),
    ...(row.last_flush_at ? { lastFlushAt: row.last_flush_at.getTime() } : {}),
    ...(row.next_flush_at ? { nextFlushAt: row.next_flush_at.getTime() } : {}),
  };
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

function headerRow(h: GroupHeader): Record<string, unknown> {
  return {
    group_key: h.key,
    receiver_id: h.receiverId,
    labels: h.labels,
    timing: h.timing,
    created_at: iso(h.createdAt),
    sequence: h.sequence,
    last_notified_at: iso(h.lastNotifiedAt),
    last_flush_at: iso(h.lastFlushAt),
    next_flush_at: iso(h.nextFlushAt),
  };
}

const HEADER_COLUMNS = `group_key text, receiver_id text, labels jsonb, timing jsonb, created_at timestamptz, sequence integer,
  last_notified_at timestamptz, last_flush_at timestamptz, next_flush_at timestamptz`;

const memberKey = (groupKey: string, incidentId: string): string => `${groupKey}\u0000${incidentId.toLowerCase()}`;

/**
 * The groups of grouped routes (`notification_groups`, `notification_group_members`). Routing
 * folds incident events in (`absorb`, one transaction per batch); the flush scheduler locks
 * due groups (`lockDue`, SKIP LOCKED, so replicas share them) and writes what each flush left
 * (`saveFlushes`) in the same transaction as the notifications it logs.
 */
@Injectable()
export class NotificationGroups {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Folds a batch's group changes in: the groups concerned are locked (in key order, so two
   * routers cannot deadlock; a flush in progress is waited for), the members concerned read,
   * the pure `absorb` applied in event order, and the result written in two statements. An
   * event absorbed before (a redelivered batch) changes nothing: members keep the newest version.
   */
  async absorb(changes: readonly GroupChange[], now: number): Promise<void> {
    if (changes.length === 0) return;
    await this.dataSource.transaction(async (m) => {
      const keys = [...new Set(changes.map((c) => c.key))].sort();
      const headerRows = await m.query<HeaderRow[]>('SELECT * FROM notification_groups WHERE group_key = ANY($1) ORDER BY group_key FOR UPDATE', [keys]);
      const pairs = JSON.stringify(changes.map((c) => ({ group_key: c.key, incident_id: c.message.incident.id })));
      const memberRows = await m.query<MemberRow[]>(
        `SELECT mb.group_key, mb.incident_id::text AS incident_id, mb.status, mb.notified, mb.version, mb.changed_at
           FROM notification_group_members mb
           JOIN (SELECT DISTINCT * FROM jsonb_to_recordset($1::jsonb) AS p(group_key text, incident_id uuid)) p
             ON p.group_key = mb.group_key AND p.incident_id = mb.incident_id`,
        [pairs],
      );
      const headers = new Map(headerRows.map((r) => [r.group_key, toHeader(r)]));
      const members = new Map<string, StoredMember>(
        memberRows.map((r) => [memberKey(r.group_key, r.incident_id), { status: r.status, version: r.version, ...(r.notified ? { notified: r.notified } : {}) }]),
      );
      const written = new Map<string, GroupMember & { key: string }>();
      const touched = new Set<string>();
      for (const change of changes) {
        const mk = memberKey(change.key, change.message.incident.id);
        const out = absorb({ ...change, header: headers.get(change.key), member: members.get(mk), now });
        if (!out) continue;
        headers.set(change.key, out.header);
        members.set(mk, out.member);
        written.set(mk, { ...out.member, key: change.key });
        touched.add(change.key);
      }
      if (touched.size === 0) return;
      await m.query(
        `INSERT INTO notification_groups SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${HEADER_COLUMNS})
         ON CONFLICT (group_key) DO UPDATE SET timing = EXCLUDED.timing,
           next_flush_at = COALESCE(notification_groups.next_flush_at, EXCLUDED.next_flush_at)`,
        [JSON.stringify([...touched].sort().map((k) => headerRow(headers.get(k)!)))],
      );
      await m.query(
        `INSERT INTO notification_group_members (group_key, incident_id, status, notified, version, changed_at, message)
         SELECT group_key, incident_id, status, notified, version, changed_at, message
           FROM jsonb_to_recordset($1::jsonb) AS x(group_key text, incident_id uuid, status text, notified text, version integer, changed_at timestamptz, message jsonb)
         ON CONFLICT (group_key, incident_id) DO UPDATE SET status = EXCLUDED.status, version = EXCLUDED.version,
           changed_at = EXCLUDED.changed_at, message = EXCLUDED.message
         WHERE notification_group_members.version < EXCLUDED.version`,
        [
          JSON.stringify(
            [...written.values()].map((w) => ({
              group_key: w.key,
              incident_id: w.incidentId,
              status: w.status,
              notified: w.notified ?? null,
              version: w.version,
              changed_at: iso(w.changedAt),
              message: w.message,
            })),
          ),
        ],
      );
    });
  }

  /** Groups due at `now` with their members, locked for this transaction (other replicas skip them). */
  async lockDue(m: EntityManager, now: number, limit: number): Promise<GroupState[]> {
    const rows = await m.query<HeaderRow[]>(
      'SELECT * FROM notification_groups WHERE next_flush_at <= $1 ORDER BY next_flush_at LIMIT $2 FOR UPDATE SKIP LOCKED',
      [new Date(now), limit],
    );
    if (rows.length === 0) return [];
    const memberRows = await m.query<MemberRow[]>(
      `SELECT group_key, incident_id::text AS incident_id, status, notified, version, changed_at, message
         FROM notification_group_members WHERE group_key = ANY($1) ORDER BY changed_at, incident_id`,
      [rows.map((r) => r.group_key)],
    );
    const byGroup = new Map<string, GroupMember[]>();
    for (const r of memberRows) {
      const message = IncidentEventMessage.safeParse(r.message);
      // A row this version cannot read (written by a newer one): left out of this flush, not lost.
      if (!message.success) continue;
      const list = byGroup.get(r.group_key) ?? [];
      list.push({ incidentId: r.incident_id, status: r.status, version: r.version, changedAt: r.changed_at.getTime(), message: message.data, ...(r.notified ? { notified: r.notified } : {}) });
      byGroup.set(r.group_key, list);
    }
    return rows.map((r) => ({ ...toHeader(r), members: byGroup.get(r.group_key) ?? [] }));
  }

  /**
   * Writes what flushes left: ended groups deleted (their members with them); the others get
   * their new sequence and times, their resolved incidents removed and their firing ones
   * marked as told.
   */
  async saveFlushes(m: EntityManager, flushed: readonly { readonly key: string; readonly next: GroupState | undefined }[]): Promise<void> {
    const ended = flushed.filter((f) => f.next === undefined).map((f) => f.key);
    const kept = flushed.flatMap((f) => (f.next ? [f.next] : []));
    if (ended.length > 0) await m.query('DELETE FROM notification_groups WHERE group_key = ANY($1)', [ended]);
    if (kept.length === 0) return;
    const keys = kept.map((g) => g.key);
    await m.query(
      `UPDATE notification_groups g SET sequence = x.sequence, last_notified_at = x.last_notified_at, last_flush_at = x.last_flush_at, next_flush_at = x.next_flush_at
         FROM jsonb_to_recordset($1::jsonb) AS x(${HEADER_COLUMNS}) WHERE g.group_key = x.group_key`,
      [JSON.stringify(kept.map(headerRow))],
    );
    await m.query(`DELETE FROM notification_group_members WHERE group_key = ANY($1) AND status = 'resolved'`, [keys]);
    await m.query(`UPDATE notification_group_members SET notified = 'firing' WHERE group_key = ANY($1) AND notified IS DISTINCT FROM 'firing'`, [keys]);
  }
}
