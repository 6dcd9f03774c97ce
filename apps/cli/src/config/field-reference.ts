/*
 * docs/configuration-fields.md: every field of herald.yaml with its type, default and allowed
 * values, generated from the JSON Schema (itself generated from the services' zod schemas), so
 * the reference cannot fall behind the code. The prose lives in docs/configuration.md.
 */
type Json = { [key: string]: unknown };

const asJson = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});

function resolve(node: Json, root: Json): Json {
  const ref = node.$ref;
  if (typeof ref !== 'string') return node;
  if (ref === '#') return root;
  return asJson(asJson(root.$defs)[ref.replace('#/$defs/', '')]);
}

function typeOf(node: Json, root: Json): string {
  const n = resolve(node, root);
  if (Array.isArray(n.enum)) return n.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  if (n.const !== undefined) return `\`${JSON.stringify(n.const)}\``;
  const alternatives = (n.anyOf ?? n.oneOf) as Json[] | undefined;
  if (Array.isArray(alternatives)) return [...new Set(alternatives.map((a) => typeOf(a, root)))].join(' or ');
  if (n.type === 'array') return `list of ${typeOf(asJson(n.items), root)}`;
  if (n.type === 'object' && n.additionalProperties && !n.properties) return 'map';
  if (typeof n.type === 'string') return n.type;
  return node.$ref ? 'route' : 'any';
}

function constraints(node: Json, root: Json): string {
  const n = resolve(node, root);
  const parts: string[] = [];
  if (typeof n.minimum === 'number' && n.minimum > -1e15) parts.push(`≥ ${n.minimum}`);
  if (typeof n.maximum === 'number' && n.maximum < 1e15) parts.push(`≤ ${n.maximum}`);
  if (typeof n.minLength === 'number') parts.push(`length ≥ ${n.minLength}`);
  if (typeof n.maxLength === 'number') parts.push(`length ≤ ${n.maxLength}`);
  if (typeof n.pattern === 'string') parts.push(`pattern \`${n.pattern}\``);
  if (typeof n.format === 'string') parts.push(n.format);
  return parts.join(', ');
}

interface Row {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly fallback: string;
  readonly rules: string;
}

function collect(node: Json, path: string, root: Json, rows: Row[], seen: Set<Json>): void {
  const n = resolve(node, root);
  if (seen.has(n)) return;
  const properties = asJson(n.properties);
  const required = new Set(Array.isArray(n.required) ? (n.required as string[]) : []);
  for (const [name, child] of Object.entries(properties)) {
    const c = asJson(child);
    const fieldPath = path ? `${path}.${name}` : name;
    rows.push({ path: fieldPath, type: typeOf(c, root), required: required.has(name), fallback: c.default === undefined ? '' : `\`${JSON.stringify(c.default)}\``, rules: constraints(c, root) });
    const inner = resolve(c, root);
    if (c.$ref) {
      collect(inner, fieldPath, root, rows, new Set([...seen, n]));
    } else {
      collect(inner, fieldPath, root, rows, seen);
      if (inner.type === 'array') collect(asJson(inner.items), `${fieldPath}[]`, root, rows, seen);
    }
  }
  for (const variant of [...((n.anyOf as Json[] | undefined) ?? []), ...((n.oneOf as Json[] | undefined) ?? [])]) collect(variant, path, root, rows, seen);
}

const table = (rows: readonly Row[]): string =>
  ['| field | type | required | default | rules |', '|---|---|---|---|---|', ...rows.map((r) => `| \`${r.path}\` | ${r.type} | ${r.required ? 'yes' : ''} | ${r.fallback} | ${r.rules} |`)].join('\n');

/** The whole reference as Markdown. */
export function fieldReference(schema: Json): string {
  const rows: Row[] = [];
  collect(schema, '', schema, rows, new Set());
  const unique = rows.filter((row, i) => rows.findIndex((r) => r.path === row.path) === i);
  const receivers = asJson(asJson(asJson(asJson(asJson(schema.properties).dispatch).properties).receivers).items);
  const channels = ((receivers.allOf as Json[] | undefined) ?? []).map((variant) => {
    const channel = String(asJson(asJson(asJson(variant.if).properties).channel).const);
    const settingsRows: Row[] = [];
    collect(asJson(asJson(asJson(variant.then).properties).settings), 'settings', schema, settingsRows, new Set());
    return `### \`channel: ${channel}\`\n\n${table(settingsRows)}`;
  });
  return [
    '# herald.yaml: every field',
    '',
    'Generated from the zod schemas the services parse herald.yaml with (`herald config reference`); what each section means is in',
    '[configuration.md](configuration.md). Matchers are written `name="value"`, `name!="value"`, `name=~"regex"` or `name!~"regex"`',
    '(or as `{ name, op, value }`); a route\'s `routes` are routes again.',
    '',
    '## Sections and fields',
    '',
    table(unique),
    '',
    '## Receiver settings per channel',
    '',
    ...channels.flatMap((c) => [c, '']),
  ].join('\n');
}
