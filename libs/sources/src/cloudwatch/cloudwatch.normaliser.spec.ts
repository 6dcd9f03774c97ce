import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalise, validateBody } from '../normalise.js';
import { DELETE, withChanges } from '../testing/json-paths.js';
import { errorPaths, expectAlerts, expectOne, testContext } from '../testing/test-context.js';
import {
  cloudwatchAlarm,
  cloudwatchAlarmMessage,
  cloudwatchOk,
  cloudwatchSubscriptionConfirmation,
} from './cloudwatch.samples.js';

const ctx = testContext();

function withState(state: unknown) {
  return { ...cloudwatchAlarm, Message: JSON.stringify({ ...cloudwatchAlarmMessage, NewStateValue: state }) };
}

describe('cloudwatch normaliser', () => {
  it('turns an ALARM notification into a critical trigger', () => {
    const alert = expectOne(normalise('cloudwatch', cloudwatchAlarm, ctx));
    assert.equal(alert.action, 'trigger');
    assert.equal(alert.severity, 'critical');
    assert.equal(alert.dedupKey, '123456789012:EU (Ireland):prod-api-cpu-high');
    assert.match(alert.summary, /^prod-api-cpu-high: Threshold Crossed: 1 out of the last 1 datapoints/);
    assert.equal(alert.occurredAt, '2024-05-01T11:50:12.573Z');
    assert.deepEqual(alert.labels, {
      alarm_name: 'prod-api-cpu-high',
      aws_account_id: '123456789012',
      region: 'EU (Ireland)',
      namespace: 'AWS/EC2',
      metric_name: 'CPUUtilization',
    });
    assert.equal(alert.annotations.description, 'CPU above 80% for 5 minutes on the API fleet');
    assert.deepEqual(alert.links, [
      {
        href: 'https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/prod-api-cpu-high',
        text: 'CloudWatch alarm',
      },
    ]);
  });

  it('maps each alarm state to an action and severity', () => {
    const cases = [
      { state: 'ALARM', action: 'trigger', severity: 'critical' },
      { state: 'INSUFFICIENT_DATA', action: 'trigger', severity: 'warning' },
      { state: 'OK', action: 'resolve', severity: 'info' },
    ];
    for (const { state, action, severity } of cases) {
      const alert = expectOne(normalise('cloudwatch', withState(state), ctx));
      assert.deepEqual([alert.action, alert.severity], [action, severity], state);
    }
    const remapped = normalise('cloudwatch', withState('INSUFFICIENT_DATA'), testContext({ severityMap: { insufficient_data: 'info' } }));
    assert.equal(expectOne(remapped).severity, 'info');
  });

  it('resolves on OK with the same key', () => {
    const alert = expectOne(normalise('cloudwatch', cloudwatchOk, ctx));
    assert.equal(alert.action, 'resolve');
    assert.equal(alert.dedupKey, '123456789012:EU (Ireland):prod-api-cpu-high');
    assert.equal(alert.occurredAt, '2024-05-01T12:15:12.101Z');
  });

  it('answers a subscription confirmation with a notice and no alerts', () => {
    const result = normalise('cloudwatch', cloudwatchSubscriptionConfirmation, ctx);
    assert.deepEqual(expectAlerts(result), []);
    assert.ok(result.ok);
    assert.deepEqual(result.notice, {
      kind: 'sns-subscription-confirmation',
      subscribeUrl: cloudwatchSubscriptionConfirmation.SubscribeURL,
      topicArn: 'arn:aws:sns:eu-west-1:123456789012:herald',
    });
  });

  it('reads a body SNS sent as text/plain', () => {
    const alert = expectOne(normalise('cloudwatch', JSON.stringify(cloudwatchAlarm), ctx));
    assert.equal(alert.action, 'trigger');
  });

  it('hashes a dedup key longer than 255 characters', () => {
    const body = { ...cloudwatchAlarm, Message: JSON.stringify({ ...cloudwatchAlarmMessage, AlarmName: 'a'.repeat(300) }) };
    const alert = expectOne(normalise('cloudwatch', body, ctx));
    assert.equal(alert.dedupKey.length, 255);
    assert.match(alert.dedupKey, /^123456789012:EU \(Ireland\):a+#[0-9a-f]{64}$/);
  });

  it('names Message when it is not a CloudWatch alarm', () => {
    const cases = [
      { body: { ...cloudwatchAlarm, Message: 'not json' }, paths: ['Message'] },
      { body: { ...cloudwatchAlarm, Message: 42 }, paths: ['Message'] },
      { body: withChanges(cloudwatchAlarm, { Message: DELETE }), paths: ['Message'] },
      {
        body: { ...cloudwatchAlarm, Message: JSON.stringify({ AlarmName: 'x', NewStateValue: 'BROKEN' }) },
        paths: ['Message.AWSAccountId', 'Message.NewStateValue', 'Message.Region'],
      },
      { body: withState('MAYBE'), paths: ['Message.NewStateValue'] },
      { body: { ...cloudwatchSubscriptionConfirmation, SubscribeURL: DELETE }, paths: ['SubscribeURL'] },
      { body: { Type: 'Telegram' }, paths: ['Type'] },
      { body: ['x'], paths: [''] },
    ];
    for (const { body, paths } of cases) {
      assert.deepEqual(errorPaths(normalise('cloudwatch', body, ctx)), paths, JSON.stringify(body).slice(0, 80));
      assert.deepEqual(errorPaths(validateBody('cloudwatch', body)), paths);
    }
  });
});
