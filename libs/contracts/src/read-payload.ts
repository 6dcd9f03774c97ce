import { MESSAGES, type MessageKind, type Payload } from './messages.js';

/** A consumer's reading of a message body: the payload, or why it can never be one. */
export type PayloadReading<K extends MessageKind> = { readonly ok: true; readonly payload: Payload<K> } | { readonly ok: false; readonly reason: string };

/**
 * The payload of a `kind` message from its parsed JSON body. The usual form passes the kind's
 * compiled check and is the payload as it stands, not a copy (see compiledCheck); anything else
 * is parsed by the kind's zod schema, which reads an earlier version's form and refuses a bad
 * body with a reason naming the fields (the first five), for the dead-letter copy.
 */
export function readPayload<K extends MessageKind>(kind: K, json: unknown): PayloadReading<K> {
  const definition = MESSAGES[kind];
  if (definition.check?.(json)) return { ok: true, payload: json as Payload<K> };
  const parsed = definition.schema.safeParse(json);
  if (parsed.success) return { ok: true, payload: parsed.data as Payload<K> };
  const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  return { ok: false, reason: `invalid ${kind}: ${issues.join('; ')}` };
}

/**
 * The payload a producer sends for a `kind` message. A kind built from a sender's input
 * (`validateOnPublish`) is checked: the usual form by the kind's compiled check, as it stands
 * (ingestion's hundred-alert batches were parsed by zod, a copy of every alert, on each
 * publish); anything the check refuses by the zod schema, which throws naming the field. Other
 * kinds are built from messages Herald already read, and go as they are.
 */
export function publishablePayload<K extends MessageKind>(kind: K, payload: Payload<K>): Payload<K> {
  const definition = MESSAGES[kind];
  if (!definition.validateOnPublish || definition.check?.(payload)) return payload;
  return definition.schema.parse(payload) as Payload<K>;
}
