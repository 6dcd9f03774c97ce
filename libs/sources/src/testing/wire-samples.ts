import { datadogWire } from '../datadog/datadog.wire.js';
import { newrelicWire } from '../newrelic/newrelic.wire.js';
import { sentryWire } from '../sentry/sentry.wire.js';
import { stetWire } from '../stet/stet.wire.js';
import { type WireSamples } from './wire-sample.js';

/** Every source's requests as its tool sends them by default, replayed by the unit and e2e tests. */
export const WIRE_SAMPLES: readonly WireSamples[] = [datadogWire, sentryWire, newrelicWire, stetWire];
