/**
 * The `dispatch:` section of a stack's configuration that sends every incident event
 * of the given types to one webhook receiver (a TestReceiver's URL).
 */
export function dispatchToWebhook(url: string, eventTypes?: readonly string[]): string {
  return `
dispatch:
  receivers:
    - id: ops
      name: Ops webhook
      channel: webhook
      settings:
        url: ${url}
  route:
    receiver: ops
${eventTypes ? `    eventTypes: [${eventTypes.join(', ')}]\n` : ''}`;
}
