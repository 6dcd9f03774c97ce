/** Request headers a normaliser may need; credentials and hop-by-hop headers never travel on. */
const FORWARDED = new Set([
  'content-type',
  'user-agent',
  'x-github-event',
  'x-github-delivery',
  'sentry-hook-resource',
  'x-amz-sns-message-type',
  'x-amz-sns-topic-arn',
  'x-request-id',
]);

export function forwardedHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!FORWARDED.has(lower) || value === undefined) continue;
    out[lower] = (Array.isArray(value) ? value.join(', ') : value).slice(0, 512);
  }
  return out;
}
