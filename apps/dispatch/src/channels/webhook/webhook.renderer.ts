import { authHeaders } from '../shared/auth.js';
import { jsonRequest, lowerCaseHeaders } from '../shared/http.js';
import { heraldGroupPayload } from '../shared/group-payload.js';
import { heraldPayload } from '../shared/payload.js';
import { hmacHeaders } from '../signing/hmac-signature.js';
import { legacySignature, standardWebhookHeaders } from '../signing/standard-webhooks.js';
import { renderJsonTemplate } from '../templates/json-template.js';
import { templateView } from '../templates/template-view.js';
import { type ChannelRenderer, type RenderInput, type RenderedRequest, type SigningContext } from '../types.js';
import { applyFieldRules } from './field-rules.js';
import { WebhookConfig } from './webhook.config.js';

/**
 * The body: the custom template when set; else, for a group notification (a grouped route),
 * the group payload (version 2); else the Herald event payload (version 1) after field rules.
 */
export function webhookBody(input: RenderInput, config: WebhookConfig): string {
  if (config.template !== undefined) return renderJsonTemplate(config.template, templateView(input));
  // Field rules name paths of the version 1 payload; the group payload is sent as it is.
  if (input.group) return JSON.stringify(heraldGroupPayload(input, input.group));
  return JSON.stringify(applyFieldRules(heraldPayload(input), config.fields));
}

/**
 * Custom headers first, then auth, then the Standard Webhooks headers (always
 * `webhook-id` and `webhook-timestamp`; `webhook-signature` when secrets are set), then
 * the legacy and the configurable HMAC signatures when set.
 * The body is serialised once and signed exactly as sent.
 */
export function renderWebhook(input: RenderInput, config: WebhookConfig, signing: SigningContext): RenderedRequest {
  return signedRequest(webhookBody(input, config), config, signing);
}

/**
 * A batch: a JSON array of the bodies one event at a time would have sent, signed as one
 * message (`signing.messageId` is the batch's id).
 */
export function renderWebhookBatch(inputs: readonly RenderInput[], config: WebhookConfig, signing: SigningContext): RenderedRequest {
  return signedRequest(`[${inputs.map((input) => webhookBody(input, config)).join(',')}]`, config, signing);
}

function signedRequest(body: string, config: WebhookConfig, signing: SigningContext): RenderedRequest {
  const secrets = config.signing?.secrets ?? [];
  const headers: Record<string, string> = {
    ...lowerCaseHeaders(config.headers ?? {}),
    ...authHeaders(config.auth),
    ...standardWebhookHeaders(signing.messageId, signing.timestamp, body, secrets),
  };
  if (config.signing?.legacySecret) {
    headers['x-webhook-signature'] = legacySignature(config.signing.legacySecret, body);
  }
  // Signed with the same timestamp as webhook-timestamp, so both schemes describe one attempt.
  if (config.signing?.hmac) Object.assign(headers, hmacHeaders(config.signing.hmac, body, signing.timestamp));
  return jsonRequest(config.url, body, headers);
}

export const webhookRenderer: ChannelRenderer<WebhookConfig> = {
  channel: 'webhook',
  config: WebhookConfig,
  secretUrl: false,
  render: renderWebhook,
  renderBatch: renderWebhookBatch,
};
