import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Hands a handler's error to the JetStream transport unchanged. Nest's default RPC filter
 * would turn it into `{ status: 'error' }`, and the runner could no longer tell a
 * PermanentError (dead-letter now) from a transient one (retry later).
 */
@Catch()
export class PassThroughRpcFilter implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
