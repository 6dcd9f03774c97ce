import { storableText } from '@herald/contracts';

/** Where one text lies in a `PackedTexts` buffer, in bytes. */
export interface TextSpan {
  readonly at: number;
  readonly len: number;
}

/**
 * Long texts of a batch's rows (a delivery attempt's request body) as one `$n::bytea`
 * parameter, each row carrying its text's byte span instead of the text.
 *
 * Why: such a text inside the rows' jsonb parameter is a JSON string, escaped by
 * `JSON.stringify` and lexed back character by character by PostgreSQL. A JSON body holds a
 * quote every few characters, so the lexer leaves its fast path for the whole string:
 * recording 20,000 attempts with their 1.5 KB webhook bodies inside the rows took the
 * backend 1.3–1.7 CPU-s, with the bodies in a bytea beside them 0.95–0.98 (README,
 * Performance). Buffers go to the server as binary, as they are.
 *
 * Texts are made storable first (`storableText`: no NUL, no unpaired surrogate), as jsonb
 * requires of every string.
 */
export function packTexts(texts: ReadonlyArray<string | undefined>): { bytes: Buffer; spans: Array<TextSpan | undefined> } {
  const stored = texts.map((text) => (text === undefined ? undefined : storableText(text)));
  let size = 0;
  const lengths = stored.map((text) => (text === undefined ? 0 : Buffer.byteLength(text)));
  for (const len of lengths) size += len;
  const bytes = Buffer.allocUnsafe(size);
  let at = 0;
  const spans = stored.map((text, i) => {
    if (text === undefined) return undefined;
    const span = { at, len: lengths[i]! };
    at += bytes.write(text, at);
    return span;
  });
  return { bytes, spans };
}

/**
 * SQL for the text a row's span names in a `packTexts` parameter: `param` is the parameter
 * (`$2`), `at` and `len` the row's span columns. NULL when the row has no span.
 */
export function unpackedText(param: string, at: string, len: string): string {
  return `convert_from(substr(${param}::bytea, ${at} + 1, ${len}), 'UTF8')`;
}
