/** CloudWatch alarm notifications as SNS delivers them to an HTTPS subscription. */
export const cloudwatchAlarmMessage = {
  AlarmName: 'prod-api-cpu-high',
  AlarmDescription: 'CPU above 80% for 5 minutes on the API fleet',
  AWSAccountId: '123456789012',
  AlarmConfigurationUpdatedTimestamp: '2024-04-20T09:14:02.129+0000',
  NewStateValue: 'ALARM',
  NewStateReason:
    'Threshold Crossed: 1 out of the last 1 datapoints [91.52 (01/05/24 11:45:00)] was greater than the threshold (80.0) (minimum 1 datapoint for OK -> ALARM transition).',
  StateChangeTime: '2024-05-01T11:50:12.573+0000',
  Region: 'EU (Ireland)',
  AlarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:prod-api-cpu-high',
  OldStateValue: 'OK',
  OKActions: ['arn:aws:sns:eu-west-1:123456789012:herald'],
  AlarmActions: ['arn:aws:sns:eu-west-1:123456789012:herald'],
  InsufficientDataActions: [],
  Trigger: {
    MetricName: 'CPUUtilization',
    Namespace: 'AWS/EC2',
    StatisticType: 'Statistic',
    Statistic: 'AVERAGE',
    Unit: null,
    Dimensions: [{ value: 'prod-api', name: 'AutoScalingGroupName' }],
    Period: 300,
    EvaluationPeriods: 1,
    ComparisonOperator: 'GreaterThanThreshold',
    Threshold: 80.0,
    TreatMissingData: 'missing',
    EvaluateLowSampleCountPercentile: '',
  },
};

const envelope = {
  MessageId: '7b1c5c4e-3f0a-5d7e-9a65-0c2f3e8f1d11',
  TopicArn: 'arn:aws:sns:eu-west-1:123456789012:herald',
  Timestamp: '2024-05-01T11:50:12.701Z',
  SignatureVersion: '1',
  Signature: 'EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=',
  SigningCertURL: 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-01d088a6f77103d0fe307c0069e40ed6.pem',
  UnsubscribeURL:
    'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:eu-west-1:123456789012:herald:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55',
};

export const cloudwatchAlarm = {
  Type: 'Notification',
  ...envelope,
  Subject: 'ALARM: "prod-api-cpu-high" in EU (Ireland)',
  Message: JSON.stringify(cloudwatchAlarmMessage),
};

export const cloudwatchOk = {
  Type: 'Notification',
  ...envelope,
  MessageId: 'c1e0a0d9-7a51-5b3e-b8f6-5e0d2f4e7a22',
  Subject: 'OK: "prod-api-cpu-high" in EU (Ireland)',
  Message: JSON.stringify({
    ...cloudwatchAlarmMessage,
    NewStateValue: 'OK',
    OldStateValue: 'ALARM',
    NewStateReason: 'Threshold Crossed: 1 out of the last 1 datapoints [41.2 (01/05/24 12:10:00)] was not greater than the threshold (80.0).',
    StateChangeTime: '2024-05-01T12:15:12.101+0000',
  }),
};

export const cloudwatchSubscriptionConfirmation = {
  Type: 'SubscriptionConfirmation',
  MessageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b',
  Token: '2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736',
  TopicArn: 'arn:aws:sns:eu-west-1:123456789012:herald',
  Message:
    'You have chosen to subscribe to the topic arn:aws:sns:eu-west-1:123456789012:herald.\nTo confirm the subscription, visit the SubscribeURL included in this message.',
  SubscribeURL:
    'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:eu-west-1:123456789012:herald&Token=2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736',
  Timestamp: '2024-05-01T10:00:00.000Z',
  SignatureVersion: '1',
  Signature: 'EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=',
  SigningCertURL: 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-01d088a6f77103d0fe307c0069e40ed6.pem',
};

export const cloudwatchSamples = { cloudwatchAlarm, cloudwatchOk, cloudwatchSubscriptionConfirmation };
