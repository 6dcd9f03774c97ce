import { plainHttpDestinations, plainHttpRefusal, PLAIN_HTTP_RULE, staticAddresses } from './domain/index.js';
import { type Resolver, systemResolver } from './resolver.js';

/**
 * Why each plain `http://` destination of a receiver's settings is refused (none: every one
 * reaches only DISPATCH_ALLOW_CIDRS). Names are resolved here, on create, update and when the
 * file is applied; the sender checks the address it connects to again at every send.
 */
export async function plainHttpProblems(
  settings: unknown,
  allowCidrs: readonly string[],
  resolve: Resolver = systemResolver,
): Promise<Array<{ path: string; message: string }>> {
  const problems: Array<{ path: string; message: string }> = [];
  for (const destination of plainHttpDestinations(settings)) {
    let addresses = staticAddresses(destination);
    if (addresses === undefined && allowCidrs.length > 0) {
      try {
        addresses = (await resolve(destination.host, 0)).map((a) => a.address);
      } catch (error) {
        problems.push({ path: destination.path, message: `${destination.host} does not resolve (${(error as NodeJS.ErrnoException).code ?? 'error'}); ${PLAIN_HTTP_RULE}` });
        continue;
      }
    }
    const refusal = plainHttpRefusal(destination.host, addresses ?? [], allowCidrs);
    if (refusal) problems.push({ path: destination.path, message: refusal });
  }
  return problems;
}

/** {@link plainHttpProblems} with the service's allow-list, for the API and the configuration file. */
export class PlainHttpCheck {
  constructor(
    private readonly allowCidrs: readonly string[],
    private readonly resolve: Resolver = systemResolver,
  ) {}

  problems(settings: unknown): Promise<Array<{ path: string; message: string }>> {
    return plainHttpProblems(settings, this.allowCidrs, this.resolve);
  }
}
