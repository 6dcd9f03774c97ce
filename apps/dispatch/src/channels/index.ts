import { type Channel } from '@herald/contracts';
import { type DatadogConfig } from './datadog/datadog.config.js';
import { datadogRenderer } from './datadog/datadog.renderer.js';
import { type DiscordConfig } from './discord/discord.config.js';
import { discordRenderer } from './discord/discord.renderer.js';
import { type ElasticsearchConfig } from './elasticsearch/elasticsearch.config.js';
import { elasticsearchRenderer } from './elasticsearch/elasticsearch.renderer.js';
import { type EmailConfig } from './email/email.config.js';
import { emailRenderer } from './email/email.renderer.js';
import { type PagerDutyConfig } from './pagerduty/pagerduty.config.js';
import { pagerDutyRenderer } from './pagerduty/pagerduty.renderer.js';
import { type SlackConfig } from './slack/slack.config.js';
import { slackRenderer } from './slack/slack.renderer.js';
import { type SplunkConfig } from './splunk/splunk.config.js';
import { splunkRenderer } from './splunk/splunk.renderer.js';
import { type TeamsConfig } from './teams/teams.config.js';
import { teamsRenderer } from './teams/teams.renderer.js';
import {
  type ChannelRenderer,
  type Rendered,
  type RenderedRequest,
  RenderError,
  type RenderInput,
  type SigningContext,
} from './types.js';
import { type WebhookConfig } from './webhook/webhook.config.js';
import { webhookRenderer } from './webhook/webhook.renderer.js';

/** The parsed settings type of each channel. */
export interface ChannelConfigs {
  webhook: WebhookConfig;
  slack: SlackConfig;
  pagerduty: PagerDutyConfig;
  discord: DiscordConfig;
  teams: TeamsConfig;
  email: EmailConfig;
  splunk: SplunkConfig;
  datadog: DatadogConfig;
  elasticsearch: ElasticsearchConfig;
}

/** One pure renderer per channel, keyed by the contract's channel name. */
export const CHANNEL_RENDERERS: { readonly [K in Channel]: ChannelRenderer<ChannelConfigs[K]> } = {
  webhook: webhookRenderer,
  slack: slackRenderer,
  pagerduty: pagerDutyRenderer,
  discord: discordRenderer,
  teams: teamsRenderer,
  email: emailRenderer,
  splunk: splunkRenderer,
  datadog: datadogRenderer,
  elasticsearch: elasticsearchRenderer,
};

export type ConfigCheck<C> = { ok: true; config: C } | { ok: false; problems: string[] };

/**
 * Validates a receiver's stored settings for its channel. Problems name the
 * path and the rule, never the value (values may be secrets).
 */
export function parseChannelConfig<K extends Channel>(channel: K, raw: unknown): ConfigCheck<ChannelConfigs[K]> {
  const renderer: ChannelRenderer<ChannelConfigs[K]> = CHANNEL_RENDERERS[channel];
  const result = renderer.config.safeParse(raw);
  if (result.success) return { ok: true, config: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(config)'}: ${issue.message}`),
  };
}

/**
 * Parsed settings by the settings object they came from. Dispatch reads a receiver's settings
 * from its configuration snapshot, which is replaced, never changed in place, when the
 * configuration changes; parsing the same object again for every delivery showed in a storm's
 * profile. Weak, so a replaced snapshot's entries go with it.
 */
const parsedSettings = new WeakMap<object, { readonly channel: Channel; readonly check: ConfigCheck<unknown> }>();

function settingsFor(channel: Channel, raw: unknown): ConfigCheck<unknown> {
  if (typeof raw !== 'object' || raw === null) return parseChannelConfig(channel, raw);
  const known = parsedSettings.get(raw);
  if (known?.channel === channel) return known.check;
  const check = parseChannelConfig(channel, raw);
  parsedSettings.set(raw, { channel, check });
  return check;
}

/**
 * Parses the settings and renders: the one entry point the dispatch adapter needs.
 * Throws `RenderError` (never recoverable) for invalid settings or templates.
 */
export function renderDelivery(
  channel: Channel,
  input: RenderInput,
  rawConfig: unknown,
  signing: SigningContext,
): Rendered {
  const renderer: ChannelRenderer<unknown> = CHANNEL_RENDERERS[channel];
  const check = settingsFor(channel, rawConfig);
  if (!check.ok) {
    throw new RenderError('CONFIG_INVALID', `Invalid ${channel} settings: ${check.problems.join('; ')}`);
  }
  return renderer.render(input, check.config, signing);
}

/** Channels whose receivers may batch: their renderer can put several events in one request. */
export const BATCH_CHANNELS: readonly Channel[] = (Object.keys(CHANNEL_RENDERERS) as Channel[]).filter((c) => CHANNEL_RENDERERS[c].renderBatch !== undefined);

/**
 * Several events for one receiver as one request (batch sending). Throws `RenderError` for
 * invalid settings or templates, or when the channel cannot batch.
 */
export function renderDeliveryBatch(channel: Channel, inputs: readonly RenderInput[], rawConfig: unknown, signing: SigningContext): RenderedRequest {
  const renderer: ChannelRenderer<unknown> = CHANNEL_RENDERERS[channel];
  if (!renderer.renderBatch) throw new RenderError('CONFIG_INVALID', `${channel} receivers cannot batch`);
  const check = settingsFor(channel, rawConfig);
  if (!check.ok) throw new RenderError('CONFIG_INVALID', `Invalid ${channel} settings: ${check.problems.join('; ')}`);
  return renderer.renderBatch(inputs, check.config, signing);
}

export * from './types.js';
export { OutboundAuth, oauth2Of, type OAuth2Auth } from './shared/auth.js';
export { REDACTED, redactForLog } from './shared/redact.js';
export { HERALD_PAYLOAD_VERSION, type HeraldPayload, heraldPayload } from './shared/payload.js';
export {
  formatSecret,
  standardWebhookHeaders,
  verifyStandardWebhook,
  type VerifyResult,
  WebhookSecret,
} from './signing/standard-webhooks.js';
