/**
 * `json.dumps(value, sort_keys=True)` as Python writes it with its defaults: `", "` and
 * `": "` separators, keys sorted, every character outside printable ASCII escaped as
 * `\uXXXX` (ensure_ascii). Seed 004's receivers verify an HMAC of exactly this text, made
 * from the payload they parsed, so Herald signs the same text.
 *
 * One thing cannot be matched: a number written `1.0` in the body parses in Python as a
 * float and is written back `1.0`, while JavaScript has no such distinction. Herald's own
 * payload has no such numbers; a custom template that needs them should sign the raw body.
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return pythonNumber(value);
  if (typeof value === 'string') return pythonString(value);
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${pythonString(k)}: ${pythonJsonDumps((value as Record<string, unknown>)[k])}`).join(', ')}}`;
  }
  throw new TypeError(`cannot serialise a ${typeof value}`);
}

function pythonNumber(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : n < 0 ? '-Infinity' : 'NaN';
  // Both print the shortest round-trip digits; Python pads a negative exponent to two digits.
  return String(n).replace(/e([+-])(\d)$/, (_, sign: string, digit: string) => `e${sign}0${digit}`);
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

function pythonString(s: string): string {
  // Everything but printable ASCII (0x20–0x7E) is escaped, per UTF-16 unit as Python does for astral characters.
  return `"${s.replace(/["\\]|[^\x20-\x7e]/g, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}
