import { type WireSamples, jsonBody } from '../testing/wire-sample.js';
import { pingdomDown, pingdomUp } from './pingdom.samples.js';

export const pingdomWire: WireSamples = {
  source: 'pingdom',
  origin:
    'pingdom.com/resources/webhooks (state change webhooks): check_id, check_name, check_type, check_params, tags, ' +
    'previous_state, current_state (UP/DOWN; SUCCESS/FAILING for transaction checks), importance_level, ' +
    'state_changed_timestamp (Unix seconds), state_changed_utc_time, long_description, description, first_probe, second_probe.',
  samples: [
    { name: 'DOWN', body: jsonBody(pingdomDown), expect: [{ action: 'trigger', severity: 'critical', dedupKey: 'pingdom:8301125' }] },
    { name: 'UP', body: jsonBody(pingdomUp), expect: [{ action: 'resolve', severity: 'critical', dedupKey: 'pingdom:8301125' }] },
  ],
};
