/** STET escalation responses as seed 000 shows them (the webhook script posts them as is). */
export const stetWarn = {
  escalation: 'WARN',
  evaluated_at: '2025-12-26T15:30:00Z',
  summary: { total_systems: 5, ok: 4, stale: 1, missing: 0 },
  affected_systems: [{ system_id: 'downstream-2', status: 'STALE' }],
};

export const stetCritical = {
  escalation: 'CRITICAL',
  evaluated_at: '2025-12-26T15:35:00Z',
  summary: { total_systems: 5, ok: 3, stale: 1, missing: 1 },
  affected_systems: [
    { system_id: 'downstream-2', status: 'STALE' },
    { system_id: 'downstream-5', status: 'MISSING' },
  ],
};

export const stetNone = {
  escalation: 'NONE',
  evaluated_at: '2025-12-26T16:05:00Z',
  summary: { total_systems: 5, ok: 5, stale: 0, missing: 0 },
  affected_systems: [],
};

export const stetSamples = { stetWarn, stetCritical, stetNone };
