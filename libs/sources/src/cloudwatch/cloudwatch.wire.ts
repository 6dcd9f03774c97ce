import { type WireSamples, jsonBody } from '../testing/wire-sample.js';
import { cloudwatchAlarm, cloudwatchOk, cloudwatchSubscriptionConfirmation } from './cloudwatch.samples.js';

const KEY = '123456789012:EU (Ireland):prod-api-cpu-high';
const notification = { 'x-amz-sns-message-type': 'Notification' };

export const cloudwatchWire: WireSamples = {
  source: 'cloudwatch',
  origin:
    'docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html: SNS posts its HTTP/S JSON (Type, MessageId, ' +
    'TopicArn, Subject, Message, Timestamp, SignatureVersion, Signature, SigningCertURL, UnsubscribeURL) with ' +
    'Content-Type text/plain and x-amz-sns-message-type; Message is the CloudWatch alarm state change as a JSON string ' +
    '(AlarmName, NewStateValue ALARM/OK, AWSAccountId, Region, Trigger, ...).',
  samples: [
    { name: 'subscription confirmation', contentType: 'text/plain; charset=UTF-8', headers: { 'x-amz-sns-message-type': 'SubscriptionConfirmation' }, body: jsonBody(cloudwatchSubscriptionConfirmation), expect: [] },
    { name: 'ALARM', contentType: 'text/plain; charset=UTF-8', headers: notification, body: jsonBody(cloudwatchAlarm), expect: [{ action: 'trigger', severity: 'critical', dedupKey: KEY }] },
    { name: 'OK', contentType: 'text/plain; charset=UTF-8', headers: notification, body: jsonBody(cloudwatchOk), expect: [{ action: 'resolve', severity: 'info', dedupKey: KEY }] },
  ],
};
