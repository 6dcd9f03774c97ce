/** Herald's own format, as documented in the README. */
export const genericTrigger = {
  action: 'trigger',
  dedup_key: 'backup/nightly/orders-db',
  summary: 'Nightly backup of orders-db failed',
  severity: 'error',
  service: 'orders-db',
  source: 'backup-runner-2',
  labels: { team: 'storage', env: 'prod', attempt: 3, dry_run: false, owner: null },
  annotations: { runbook: 'Check the backup bucket quota first.' },
  details: { exit_code: 2, stderr: 'AccessDenied: s3:PutObject' },
  links: [{ href: 'https://ci.example.com/jobs/backup/8812', text: 'Job log' }],
  occurred_at: '2024-05-01T02:00:13+02:00',
};

export const genericMinimal = { dedup_key: 'cron/cleanup', summary: 'Cleanup job is late' };

export const genericResolve = {
  action: 'resolve',
  dedup_key: 'backup/nightly/orders-db',
  summary: 'Nightly backup of orders-db succeeded',
  occurred_at: '2024-05-02T00:00:40Z',
};

export const genericSamples = { genericTrigger, genericMinimal, genericResolve };
