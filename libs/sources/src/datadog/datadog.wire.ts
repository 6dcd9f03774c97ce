import { type WireSamples } from '../testing/wire-sample.js';

const org = { id: '11287', name: 'Example Inc' };

/**
 * Datadog's default webhook payload, rendered. Datadog does not publish a rendered example;
 * the template and the variables' example values are from its docs.
 */
export const datadogWire: WireSamples = {
  source: 'datadog',
  origin:
    'docs.datadoghq.com/integrations/webhooks: the default payload (used when the Payload field is left empty) is ' +
    '{"body":"$EVENT_MSG","last_updated":"$LAST_UPDATED","event_type":"$EVENT_TYPE","title":"$EVENT_TITLE","date":"$DATE",' +
    '"org":{"id":"$ORG_ID","name":"$ORG_NAME"},"id":"$ID"}; $DATE and $LAST_UPDATED are epoch milliseconds, $EVENT_TITLE ' +
    'is "[Triggered on {host:ip-012345}] Host is Down" and $ALERT_TRANSITION is one of Triggered, Warn, No Data, Recovered.',
  samples: [
    {
      name: 'warn (default payload)',
      body: JSON.stringify({
        body: '%%%\nError rate is 3.1% (warning threshold 3%).\n\n@webhook-herald\n\n[[Monitor Status](https://app.datadoghq.com/monitors/1234567?group=host%3Aweb-04)]\n%%%',
        last_updated: '1714564140000',
        event_type: 'query_alert_monitor',
        title: '[Warn on {host:web-04}] Service checkout has a high error rate',
        date: '1714564140000',
        org,
        id: '7316451263827464901',
      }),
      expect: [{ action: 'trigger', severity: 'warning', dedupKey: 'datadog:Service checkout has a high error rate on {host:web-04}' }],
    },
    {
      name: 'triggered (default payload)',
      body: JSON.stringify({
        body: '%%%\nError rate is 7.2% (threshold 5%).\n\n@webhook-herald\n\n[[Monitor Status](https://app.datadoghq.com/monitors/1234567?group=host%3Aweb-04)]\n%%%',
        last_updated: '1714564200000',
        event_type: 'query_alert_monitor',
        title: '[Triggered on {host:web-04}] Service checkout has a high error rate',
        date: '1714564200000',
        org,
        id: '7316451263827464923',
      }),
      expect: [{ action: 'trigger', severity: 'critical', dedupKey: 'datadog:Service checkout has a high error rate on {host:web-04}' }],
    },
    {
      name: 'recovered (default payload)',
      body: JSON.stringify({
        body: '%%%\nError rate is back to 0.4%.\n\n@webhook-herald\n%%%',
        last_updated: '1714566000000',
        event_type: 'query_alert_monitor',
        title: '[Recovered on {host:web-04}] Service checkout has a high error rate',
        date: '1714566000000',
        org,
        id: '7316451263827464999',
      }),
      expect: [{ action: 'resolve', severity: 'info', dedupKey: 'datadog:Service checkout has a high error rate on {host:web-04}' }],
    },
  ],
};
