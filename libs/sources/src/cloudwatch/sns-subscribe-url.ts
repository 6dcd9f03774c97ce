/** `arn:<partition>:sns:<region>:<account>:<topic>` */
const TOPIC_ARN = /^arn:aws(?:-cn|-us-gov)?:sns:([a-z]{2}(?:-[a-z]+)+-\d+):\d{12}:[A-Za-z0-9_.-]{1,256}$/;
/** SNS's regional endpoints: `sns.<region>.amazonaws.com`, `.com.cn` in China. */
const SNS_HOST = /^sns\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/;

/**
 * Why `SubscribeURL` is not one Herald may visit, or undefined when it is: only an
 * https `ConfirmSubscription` call on the SNS endpoint of the topic's own region, for
 * that topic. Anything else would let a sender make Herald fetch URLs of its choosing.
 */
export function snsSubscribeUrlProblem(subscribeUrl: string, topicArn: string): string | undefined {
  let url: URL;
  try {
    url = new URL(subscribeUrl);
  } catch {
    return 'must be a URL';
  }
  if (url.protocol !== 'https:') return 'must be an https URL';
  if (url.username || url.password) return 'must not carry credentials';
  if (url.port !== '') return 'must use the default https port';
  const region = SNS_HOST.exec(url.hostname)?.[1];
  if (region === undefined) return 'must be on sns.<region>.amazonaws.com';
  if (url.pathname !== '/') return 'must have the path /';
  if (url.searchParams.get('Action') !== 'ConfirmSubscription') return 'must be a ConfirmSubscription call';
  if (!url.searchParams.get('Token')) return 'must carry a Token';
  if (url.searchParams.get('TopicArn') !== topicArn) return 'must confirm the TopicArn of the message';
  const topicRegion = TOPIC_ARN.exec(topicArn)?.[1];
  if (topicRegion === undefined) return 'must confirm a valid SNS topic ARN';
  if (topicRegion !== region) return `must be on the SNS endpoint of the topic's region (${topicRegion})`;
  return undefined;
}
