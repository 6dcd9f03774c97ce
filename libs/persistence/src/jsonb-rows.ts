/**
 * A batch's rows as one `$n::jsonb` parameter, in PostgreSQL's binary jsonb format (a version
 * byte, 1, then the JSON text), serialised row by row and written into one buffer. node-postgres
 * sends a Buffer parameter in binary format, so it goes to the server as it is.
 *
 * Why not `JSON.stringify(rows)`: above ~16 KB V8 returns that as a tree of parts (a cons string),
 * and node-postgres, measuring it, makes a flat copy; a copy over 128 KiB is allocated straight in
 * V8's old generation. In an alert storm those copies were 53 MiB per 14 s of dispatch's heap
 * (README, Performance), each one bringing the next full collection closer. Rows serialised one
 * by one are small strings that die young; the buffer is outside the heap.
 *
 * Only for parameters the statement casts to jsonb (`$n::jsonb`): a binary parameter must be in
 * the binary format of the type PostgreSQL infers for it.
 */
export function jsonbRows(rows: readonly object[]): Buffer {
  const texts = rows.map((row) => JSON.stringify(row));
  // Version byte, brackets, commas, then each row's UTF-8 bytes: written once into one buffer.
  let size = 3 + Math.max(0, texts.length - 1);
  for (const text of texts) size += Buffer.byteLength(text);
  const out = Buffer.allocUnsafe(size);
  let at = out.writeUInt8(1, 0);
  at = out.write('[', at, 'latin1') + at;
  for (let i = 0; i < texts.length; i++) {
    if (i > 0) at += out.write(',', at, 'latin1');
    at += out.write(texts[i]!, at);
  }
  out.write(']', at, 'latin1');
  return out;
}
