import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { unstorableFields, type UnstorableField } from '@herald/contracts';

/** One message naming every refused field (up to five), e.g. `labels.team contains a NUL character …`. */
export function unstorableMessage(found: readonly UnstorableField[]): string {
  const named = found.slice(0, 5).map((f) => `${f.path || '(body)'} ${f.message}`);
  const more = found.length > named.length ? `; and ${found.length - named.length} more` : '';
  return `invalid request body: ${named.join('; ')}${more}`;
}

/**
 * Every request body of every service passes here before a handler sees it: a body with a
 * string or key PostgreSQL cannot store (NUL, an unpaired surrogate) or nested deeper than
 * MAX_JSON_DEPTH is answered 400 naming the field, instead of being accepted and then failing
 * (or overflowing the stack) on its way to the database. Registered globally by bootstrapService.
 */
@Injectable()
export class StorableBodyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value;
    const found = unstorableFields(value);
    // The message names the fields; `errors` lists them for the services that answer with a list.
    if (found.length > 0) throw new BadRequestException({ message: unstorableMessage(found), errors: found });
    return value;
  }
}
