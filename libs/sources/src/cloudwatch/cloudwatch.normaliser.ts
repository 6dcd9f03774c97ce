import { type Severity } from '@herald/contracts';
import { parseWith } from '../core/field-errors.js';
import { compactText } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { firstText } from '../core/text.js';
import { anyTime, isoTime } from '../core/time.js';
import { type AlertDraft } from '../core/types.js';
import { type CloudWatchAlarm, snsMessage, type SnsMessage } from './cloudwatch.schema.js';

export const CLOUDWATCH_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  alarm: 'critical',
  insufficient_data: 'warning',
  ok: 'info',
};

/** Console link for alarms in the commercial partition; the ARN carries the region code. */
function consoleLink(alarm: CloudWatchAlarm): string | undefined {
  const parts = (alarm.AlarmArn ?? '').split(':');
  if (parts[0] !== 'arn' || parts[1] !== 'aws' || parts[2] !== 'cloudwatch' || !parts[3]) return undefined;
  const region = encodeURIComponent(parts[3]);
  return `https://console.aws.amazon.com/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(alarm.AlarmName)}`;
}

function alarmDraft(message: Extract<SnsMessage, { Type: 'Notification' }>, severity: (v: string) => Severity): AlertDraft {
  const alarm = message.Message;
  const state = alarm.NewStateValue;
  return {
    action: state === 'OK' ? 'resolve' : 'trigger',
    dedupKey: `${alarm.AWSAccountId}:${alarm.Region}:${alarm.AlarmName}`,
    severity: severity(state),
    summary: [alarm.AlarmName, firstText(alarm.NewStateReason)].filter(Boolean).join(': '),
    labels: compactText({
      alarm_name: alarm.AlarmName,
      aws_account_id: alarm.AWSAccountId,
      region: alarm.Region,
      namespace: alarm.Trigger?.Namespace,
      metric_name: alarm.Trigger?.MetricName,
    }),
    annotations: compactText({ description: alarm.AlarmDescription, reason: alarm.NewStateReason }),
    details: {
      newState: state,
      oldState: alarm.OldStateValue,
      alarmArn: alarm.AlarmArn,
      trigger: alarm.Trigger,
      topicArn: message.TopicArn,
      messageId: message.MessageId,
      subject: message.Subject,
    },
    links: [{ href: consoleLink(alarm), text: 'CloudWatch alarm' }],
    occurredAt: anyTime(alarm.StateChangeTime, 'ms') ?? isoTime(message.Timestamp),
  };
}

export const cloudwatchSource = defineSource<SnsMessage>({
  source: 'cloudwatch',
  severityMap: CLOUDWATCH_SEVERITY_MAP,
  parse: (body) => parseWith(snsMessage, body),
  toAlerts: (message, _ctx, severity) => {
    switch (message.Type) {
      case 'Notification':
        return { drafts: [alarmDraft(message, (state) => severity(state, 'critical'))] };
      case 'SubscriptionConfirmation':
        // Herald must visit SubscribeURL before SNS sends anything else; ingestion does that before answering.
        return {
          drafts: [],
          notice: {
            kind: 'sns-subscription-confirmation',
            subscribeUrl: message.SubscribeURL,
            topicArn: message.TopicArn,
          },
        };
      case 'UnsubscribeConfirmation':
        return { drafts: [] };
    }
  },
});
