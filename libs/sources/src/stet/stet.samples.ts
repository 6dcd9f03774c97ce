/** stet escalation payloads. */
export const stetCritical = {
  escalation: 'CRITICAL',
  summary: 'Replication lag above 10 minutes on the orders cluster',
  affected_systems: ['orders-db-replica-2', 'orders-db-primary'],
  evidence: { lag_seconds: 734, checked_at: '2024-05-01T11:59:00Z' },
  timestamp: '2024-05-01T11:59:02Z',
};

export const stetWarn = {
  escalation: 'WARN',
  summary: 'Queue depth rising on billing-worker',
  affected_systems: ['billing-worker'],
  id: 'esc-2024-05-01-0042',
};

export const stetNone = {
  escalation: 'NONE',
  summary: 'Replication caught up',
  affected_systems: ['orders-db-primary', 'orders-db-replica-2'],
};

export const stetSamples = { stetCritical, stetWarn, stetNone };
