import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'integrations' })
export class IntegrationEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  source!: string;

  @Column({ name: 'key_hash', type: 'text', unique: true })
  keyHash!: string;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ name: 'signing_secret', type: 'text', nullable: true })
  signingSecret!: string | null;

  /** A `SignatureScheme` (`github`, `sentry`, `grafana`, `stet`, `bitbucket`, `standard-webhooks`); set whenever `signingSecret` is. */
  @Column({ name: 'signature_scheme', type: 'text', nullable: true })
  signatureScheme!: string | null;

  @Column({ name: 'severity_map', type: 'jsonb', nullable: true })
  severityMap!: Record<string, string> | null;

  /** `integration` or `global` (cross-integration dedup, opt-in). */
  @Column({ name: 'dedup_scope', type: 'text', default: 'integration' })
  dedupScope!: string;

  @Column({ name: 'rate_limit_per_minute', type: 'integer', default: 120 })
  rateLimitPerMinute!: number;

  /** 'file' when declared in the configuration file (read-only in the API). */
  @Column({ name: 'managed_by', type: 'text', default: 'api' })
  managedBy!: 'file' | 'api';

  /** Heartbeat integrations only: a ping is due every this many seconds... */
  @Column({ name: 'heartbeat_interval_seconds', type: 'integer', nullable: true })
  heartbeatIntervalSeconds!: number | null;

  /** ...plus this many seconds of grace. */
  @Column({ name: 'heartbeat_grace_seconds', type: 'integer', nullable: true })
  heartbeatGraceSeconds!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
