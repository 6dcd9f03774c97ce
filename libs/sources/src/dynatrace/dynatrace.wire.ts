import { type WireSamples, jsonBody } from '../testing/wire-sample.js';
import { dynatraceOpen, dynatraceResolved } from './dynatrace.samples.js';

const KEY = 'dynatrace:-5713274289513742436_1714564320000V2';

export const dynatraceWire: WireSamples = {
  source: 'dynatrace',
  origin:
    'docs.dynatrace.com (Problem notifications, webhook / custom integration): the default payload template is ' +
    '{"ImpactedEntities": {ImpactedEntities}, "ImpactedEntity": "{ImpactedEntity}", "PID": "{PID}", "ProblemDetailsHTML": ' +
    '"{ProblemDetailsHTML}", "ProblemDetailsJSON": {ProblemDetailsJSON}, "ProblemID": "{ProblemID}", "ProblemImpact": ' +
    '"{ProblemImpact}", "ProblemTitle": "{ProblemTitle}", "Problem URL": "{ProblemURL}", "State": "{State}", "Tags": "{Tags}"}; ' +
    'State is OPEN, RESOLVED or MERGED; the integration can add an Authorization header.',
  samples: [
    { name: 'OPEN', body: jsonBody(dynatraceOpen), expect: [{ action: 'trigger', severity: 'warning', dedupKey: KEY }] },
    { name: 'RESOLVED', body: jsonBody(dynatraceResolved), expect: [{ action: 'resolve', severity: 'warning', dedupKey: KEY }] },
  ],
};
