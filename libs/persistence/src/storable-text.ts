/**
 * Text PostgreSQL will store, in a text column or inside jsonb: NUL (which it refuses in
 * both) and unpaired surrogates (which jsonb refuses) become U+FFFD. For text Herald did not
 * write itself, such as a receiver's response, where refusing the whole row would be worse
 * than one replaced character.
 */
export function storableText(text: string): string {
  return text.replace(/\u0000/g, '\uFFFD').toWellFormed();
}
