import { z } from 'zod';
import { IdLike, LooseTime, OptText } from '../core/schemas.js';
import { snsSubscribeUrlProblem } from './sns-subscribe-url.js';

export const ALARM_STATES = ['ALARM', 'OK', 'INSUFFICIENT_DATA'] as const;

/** The CloudWatch alarm state change that SNS carries, JSON-encoded, in `Message`. */
export const cloudWatchAlarm = z.object({
  AlarmName: z.string().min(1),
  AlarmDescription: OptText,
  AWSAccountId: IdLike.pipe(z.string().min(1)),
  NewStateValue: z.enum(ALARM_STATES),
  NewStateReason: OptText,
  StateChangeTime: LooseTime,
  Region: z.string().min(1),
  AlarmArn: OptText,
  OldStateValue: OptText,
  // Metric alarms, metric-math alarms and composite alarms shape Trigger differently.
  Trigger: z
    .looseObject({ MetricName: OptText, Namespace: OptText })
    .nullish(),
});
export type CloudWatchAlarm = z.infer<typeof cloudWatchAlarm>;

const alarmMessage = z
  .string()
  .transform((text, ctx): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON-encoded CloudWatch alarm' });
      return z.NEVER;
    }
  })
  .pipe(cloudWatchAlarm);

const snsCommon = { MessageId: OptText, TopicArn: OptText, Timestamp: OptText };

const notification = z.object({
  ...snsCommon,
  Type: z.literal('Notification'),
  Subject: OptText,
  Message: alarmMessage,
});

const subscriptionConfirmation = z
  .object({
    ...snsCommon,
    Type: z.literal('SubscriptionConfirmation'),
    TopicArn: z.string().min(1),
    SubscribeURL: z.string().min(1),
    Token: OptText,
    Message: OptText,
  })
  .superRefine((message, ctx) => {
    // Herald will GET this URL: only an SNS confirmation for this very topic qualifies.
    const problem = snsSubscribeUrlProblem(message.SubscribeURL, message.TopicArn);
    if (problem) ctx.addIssue({ code: 'custom', path: ['SubscribeURL'], message: problem });
  });

const unsubscribeConfirmation = z.object({ ...snsCommon, Type: z.literal('UnsubscribeConfirmation') });

/**
 * An SNS HTTP(S) delivery. SNS posts with `Content-Type: text/plain`, so the body may
 * still be the JSON text.
 */
export const snsMessage = z.preprocess(
  (body) => {
    if (typeof body !== 'string') return body;
    try {
      return JSON.parse(body) as unknown;
    } catch {
      return body;
    }
  },
  z.discriminatedUnion('Type', [notification, subscriptionConfirmation, unsubscribeConfirmation]),
);
export type SnsMessage = z.infer<typeof snsMessage>;
