import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalise, validateBody } from '../normalise.js';
import { errorPaths, testContext } from '../testing/test-context.js';
import { cloudwatchSubscriptionConfirmation } from './cloudwatch.samples.js';
import { snsSubscribeUrlProblem } from './sns-subscribe-url.js';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:herald';
const confirm = (host: string, query = `Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=abc`) => `https://${host}/?${query}`;

describe('SNS SubscribeURL check', () => {
  const cases: Array<[string, string, string, string | undefined]> = [
    ['the real thing', confirm('sns.eu-west-1.amazonaws.com'), TOPIC, undefined],
    ['China partition', 'https://sns.cn-north-1.amazonaws.com.cn/?Action=ConfirmSubscription&TopicArn=arn:aws-cn:sns:cn-north-1:123456789012:t&Token=x', 'arn:aws-cn:sns:cn-north-1:123456789012:t', undefined],
    ['GovCloud', 'https://sns.us-gov-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws-us-gov:sns:us-gov-west-1:123456789012:t&Token=x', 'arn:aws-us-gov:sns:us-gov-west-1:123456789012:t', undefined],
    ['plain http', confirm('sns.eu-west-1.amazonaws.com').replace('https:', 'http:'), TOPIC, 'must be an https URL'],
    ['another host', confirm('evil.example.com'), TOPIC, 'must be on sns.<region>.amazonaws.com'],
    ['a look-alike suffix', confirm('sns.eu-west-1.amazonaws.com.evil.example'), TOPIC, 'must be on sns.<region>.amazonaws.com'],
    ['a look-alike prefix', confirm('evilsns.eu-west-1.amazonaws.com'), TOPIC, 'must be on sns.<region>.amazonaws.com'],
    ['a deeper host', confirm('x.sns.eu-west-1.amazonaws.com'), TOPIC, 'must be on sns.<region>.amazonaws.com'],
    ['an IP address', confirm('169.254.169.254'), TOPIC, 'must be on sns.<region>.amazonaws.com'],
    ['credentials', confirm('user:pw@sns.eu-west-1.amazonaws.com'), TOPIC, 'must not carry credentials'],
    ['another port', confirm('sns.eu-west-1.amazonaws.com:8443'), TOPIC, 'must use the default https port'],
    ['another path', confirm('sns.eu-west-1.amazonaws.com/redirect'), TOPIC, 'must have the path /'],
    ['another action', confirm('sns.eu-west-1.amazonaws.com', `Action=Publish&TopicArn=${TOPIC}&Token=abc`), TOPIC, 'must be a ConfirmSubscription call'],
    ['no token', confirm('sns.eu-west-1.amazonaws.com', `Action=ConfirmSubscription&TopicArn=${TOPIC}`), TOPIC, 'must carry a Token'],
    ['another topic', confirm('sns.eu-west-1.amazonaws.com'), 'arn:aws:sns:eu-west-1:123456789012:other', 'must confirm the TopicArn of the message'],
    ['another region', confirm('sns.us-east-1.amazonaws.com'), TOPIC, "must be on the SNS endpoint of the topic's region (eu-west-1)"],
    ['not a topic ARN', confirm('sns.eu-west-1.amazonaws.com', 'Action=ConfirmSubscription&TopicArn=herald&Token=abc'), 'herald', 'must confirm a valid SNS topic ARN'],
    ['not a URL', 'sns.eu-west-1.amazonaws.com', TOPIC, 'must be a URL'],
  ];
  for (const [name, url, topic, problem] of cases) {
    it(`${problem === undefined ? 'accepts' : 'refuses'} ${name}`, () => assert.equal(snsSubscribeUrlProblem(url, topic), problem));
  }

  it('makes a confirmation with a foreign SubscribeURL an invalid body, naming SubscribeURL', () => {
    const body = { ...cloudwatchSubscriptionConfirmation, SubscribeURL: 'https://evil.example.com/?Action=ConfirmSubscription' };
    assert.deepEqual(errorPaths(validateBody('cloudwatch', body)), ['SubscribeURL']);
    assert.deepEqual(errorPaths(normalise('cloudwatch', body, testContext())), ['SubscribeURL']);
  });

  it('still hands the genuine confirmation URL to the caller', () => {
    const result = normalise('cloudwatch', JSON.stringify(cloudwatchSubscriptionConfirmation), testContext());
    assert.ok(result.ok);
    assert.equal(result.notice?.subscribeUrl, cloudwatchSubscriptionConfirmation.SubscribeURL);
  });
});
