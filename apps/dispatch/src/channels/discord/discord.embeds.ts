import { ELLIPSIS, truncate } from '../shared/truncate.js';

/** Embed limits (discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const DISCORD_LIMITS = {
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  /** Sum of title, description, field names and values, footer and author name over all embeds. */
  total: 6000,
  content: 2000,
  username: 80,
} as const;

export interface DiscordField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface DiscordEmbed {
  title?: string;
  description?: string;
  url?: string;
  color?: number;
  timestamp?: string;
  fields?: DiscordField[];
  footer?: { text: string };
  author?: { name: string; url?: string };
}

/** Characters that count towards the 6000 total. */
export function embedLength(embed: DiscordEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0)
  );
}

const totalLength = (embeds: readonly DiscordEmbed[]): number =>
  embeds.reduce((sum, e) => sum + embedLength(e), 0);

/** Discord refuses empty field names and values. */
const nonEmpty = (text: string): string => (text.trim() === '' ? '—' : text);

function clampEmbed(embed: DiscordEmbed): DiscordEmbed {
  const out: DiscordEmbed = { ...embed };
  if (out.title !== undefined) out.title = truncate(out.title, DISCORD_LIMITS.title);
  if (out.description !== undefined) out.description = truncate(out.description, DISCORD_LIMITS.description);
  if (out.footer) out.footer = { text: truncate(out.footer.text, DISCORD_LIMITS.footer) };
  if (out.author) out.author = { ...out.author, name: truncate(out.author.name, DISCORD_LIMITS.authorName) };
  if (out.fields) {
    out.fields = out.fields.slice(0, DISCORD_LIMITS.fields).map((f) => ({
      ...f,
      name: truncate(nonEmpty(f.name), DISCORD_LIMITS.fieldName),
      value: truncate(nonEmpty(f.value), DISCORD_LIMITS.fieldValue),
    }));
  }
  return out;
}

/**
 * Enforces every embed limit by truncation: per-field lengths, at most 25
 * fields and 10 embeds, then the 6000 total — shortening descriptions first
 * (last embed first), then dropping trailing fields, then trailing embeds.
 */
export function fitEmbeds(embeds: readonly DiscordEmbed[]): DiscordEmbed[] {
  const out = embeds.slice(0, DISCORD_LIMITS.embeds).map(clampEmbed);
  let over = totalLength(out) - DISCORD_LIMITS.total;
  for (let i = out.length - 1; i >= 0 && over > 0; i--) {
    const embed = out[i]!;
    if (!embed.description) continue;
    const keep = Math.max(0, embed.description.length - over);
    embed.description = keep > ELLIPSIS.length ? truncate(embed.description, keep) : undefined;
    over = totalLength(out) - DISCORD_LIMITS.total;
  }
  for (let i = out.length - 1; i >= 0 && over > 0; i--) {
    const fields = out[i]!.fields ?? [];
    while (fields.length > 0 && over > 0) {
      fields.pop();
      over = totalLength(out) - DISCORD_LIMITS.total;
    }
  }
  while (out.length > 1 && over > 0) {
    out.pop();
    over = totalLength(out) - DISCORD_LIMITS.total;
  }
  return out;
}
