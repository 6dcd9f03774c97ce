import { Ajv } from 'ajv';
import { z } from 'zod';

/**
 * A yes/no check of a JSON value against a zod schema, compiled once by Ajv from the schema's
 * own JSON Schema (`z.toJSONSchema`), so the zod schema stays the one definition.
 *
 * Why: a consumer reads thousands of messages a second in a storm, and zod's `safeParse`
 * builds a copy of every object it reads plus a result per field (about 8.6 KB per incident
 * event, against 1.5 KB for `JSON.parse` itself). That garbage set dispatch's scavenge pace,
 * and with it how much of each batch in flight was promoted to the old generation. The
 * compiled check reads the value where it is and allocates nothing when it passes; on a pass
 * the JSON value *is* the payload. Anything it refuses goes to zod, which has the last word
 * and the error message naming the field.
 *
 * Only for schemas whose output is their input: no transforms, refinements, defaults or
 * coercions (a JSON Schema cannot say them, and `z.toJSONSchema` leaves refinements out).
 * One difference remains, harmless for messages Herald wrote itself: unknown keys are kept
 * (zod strips them). Both count a string's length in code points, not UTF-16 units.
 */
export type Check = (value: unknown) => boolean;

type JsonSchema = { [key: string]: unknown };

export function compiledCheck(schema: z.ZodType): Check {
  let compiled: Check | undefined;
  // Compiled on first use: a service that never reads this message pays nothing. A schema Ajv
  // cannot compile leaves every message to zod (slower, never wrong); the table tests would show it.
  return (value) => (compiled ??= compileOrZod(schema))(value);
}

/** `check`, then (on values it passed) a rule of the schema's refinement, given as the same predicate the refinement uses. */
export function checkThen<T>(check: Check, rule: (value: T) => boolean): Check {
  // A value the check passed has the shape the rule reads.
  return (value) => check(value) && rule(value as T);
}

function compileOrZod(schema: z.ZodType): Check {
  try {
    return compile(schema);
  } catch {
    return () => false;
  }
}

function compile(schema: z.ZodType): Check {
  const ajv = new Ajv({
    // Formats (uuid, date-time) come with the equivalent `pattern` from zod, which is what zod checks.
    validateFormats: false,
    discriminator: true,
    // zod's JSON Schema carries keywords Ajv does not know (`$schema` of a newer draft, ids).
    strict: false,
  });
  const validate = ajv.compile(withDiscriminators(z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as JsonSchema));
  return (value) => validate(value);
}

/**
 * The JSON Schema with every union whose branches all require one literal property (a zod
 * discriminated union, `type` of an incident event) marked with an OpenAPI `discriminator`:
 * Ajv then checks the one branch the property names, instead of trying every branch and
 * building an error for each that fails. Other unions are left as they are.
 */
export function withDiscriminators(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) out[key] = mapSchemas(value);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = out[key];
    if (!Array.isArray(branches) || branches.length < 2) continue;
    const tag = sharedTag(branches as JsonSchema[]);
    if (tag === undefined) continue;
    delete out[key];
    out.oneOf = branches;
    out.discriminator = { propertyName: tag };
    out.required = [...new Set([...((out.required as string[] | undefined) ?? []), tag])];
    if (out.type === undefined) out.type = 'object';
  }
  return out;
}

function mapSchemas(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(mapSchemas);
  if (value !== null && typeof value === 'object') return withDiscriminators(value as JsonSchema);
  return value;
}

/** A property every branch requires with a distinct `const` value, if there is one. */
function sharedTag(branches: readonly JsonSchema[]): string | undefined {
  const first = branches[0]!;
  const candidates = Object.keys((first.properties as JsonSchema | undefined) ?? {});
  return candidates.find((name) => {
    const values = branches.map((b) => {
      const property = (b.properties as Record<string, JsonSchema> | undefined)?.[name];
      const required = Array.isArray(b.required) && b.required.includes(name);
      return required && property && typeof property.const === 'string' ? property.const : undefined;
    });
    return values.every((v) => v !== undefined) && new Set(values).size === values.length;
  });
}
