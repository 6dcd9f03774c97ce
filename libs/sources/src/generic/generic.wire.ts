import { type WireSamples, jsonBody } from '../testing/wire-sample.js';
import { genericResolve, genericTrigger } from './generic.samples.js';

export const genericWire: WireSamples = {
  source: 'generic',
  origin: "Herald's own format, documented in libs/sources/README.md (Generic format): what a script or cron job sends.",
  samples: [
    { name: 'trigger', body: jsonBody(genericTrigger), expect: [{ action: 'trigger', severity: 'error', dedupKey: 'backup/nightly/orders-db' }] },
    { name: 'resolve', body: jsonBody(genericResolve), expect: [{ action: 'resolve', severity: 'warning', dedupKey: 'backup/nightly/orders-db' }] },
  ],
};
