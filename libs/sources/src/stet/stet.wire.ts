import { type WireSamples, jsonBody } from '../testing/wire-sample.js';
import { STET_DEDUP_KEY } from './stet.normaliser.js';
import { stetCritical, stetNone, stetWarn } from './stet.samples.js';

export const stetWire: WireSamples = {
  source: 'stet',
  origin:
    'Seed 000 (STET Alerting Integration Guide): the custom webhook script posts the response of ' +
    'GET /v1/enforcement/escalation unchanged: escalation (NONE, WARN, CRITICAL), evaluated_at, summary ' +
    '{total_systems, ok, stale, missing} and affected_systems [{system_id, status}]; the values are the guide\'s ' +
    'WARN and CRITICAL examples. The script itself only posts WARN and CRITICAL; a NONE posted by a cron job resolves.',
  samples: [
    { name: 'WARN', body: jsonBody(stetWarn), expect: [{ action: 'trigger', severity: 'warning', dedupKey: STET_DEDUP_KEY }] },
    { name: 'CRITICAL', body: jsonBody(stetCritical), expect: [{ action: 'trigger', severity: 'critical', dedupKey: STET_DEDUP_KEY }] },
    { name: 'NONE', body: jsonBody(stetNone), expect: [{ action: 'resolve', severity: 'info', dedupKey: STET_DEDUP_KEY }] },
  ],
};
