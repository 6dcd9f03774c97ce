/** What Slack's Web API answered a `chat.postMessage` with (it says 200 even when it refused). */
export type SlackAnswer = { ok: true; channel?: string; ts?: string } | { ok: false; error: string };

/** Reads the answer body; a body that is no Web API answer counts as refused, with what it was. */
export function slackAnswer(body: string): SlackAnswer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, error: 'not_json' };
  }
  if (parsed === null || typeof parsed !== 'object') return { ok: false, error: 'not_json' };
  const answer = parsed as { ok?: unknown; error?: unknown; channel?: unknown; ts?: unknown };
  if (answer.ok !== true) return { ok: false, error: typeof answer.error === 'string' ? answer.error.slice(0, 100) : 'unknown_error' };
  return {
    ok: true,
    ...(typeof answer.channel === 'string' ? { channel: answer.channel } : {}),
    ...(typeof answer.ts === 'string' && /^\d+\.\d+$/.test(answer.ts) ? { ts: answer.ts } : {}),
  };
}
