import { Controller } from '@nestjs/common';
import { CONSUMERS } from '@herald/contracts';
import { ConsumeEach, retryAfter, type InboundMessage, type Outcome } from '@herald/messaging';
import { JobSender } from './job-sender.js';

/**
 * The broker's side of delivery: each job on DISPATCH goes to the `JobSender`, and its outcome
 * acks the message or hands it back with the retry delay (the broker holds pending retries, so
 * a restart loses none). Up to DISPATCH_CONCURRENCY at once, pulled in batches, each settled on
 * its own so one slow receiver never holds up another's acks.
 */
@Controller()
export class SendDeliveryJobs {
  constructor(private readonly sender: JobSender) {}

  /** Concurrency and max pending come from configuration (the module's tuning). */
  @ConsumeEach(CONSUMERS.dispatchSender, { concurrency: 256 })
  async handle(message: InboundMessage<'deliveryJob'>): Promise<Outcome> {
    const job = message.data;
    // A job handed over after a direct attempt failed waits out that attempt's retry delay here.
    if (job.notBefore !== undefined) {
      const waitMs = Date.parse(job.notBefore) - Date.now();
      if (waitMs > 0) return retryAfter(waitMs, 'scheduled');
    }
    // That first hand-out was not a delivery of the job's own (the unknown-receiver grace counts deliveries).
    return this.sender.send(job, job.notBefore === undefined ? message.deliveryCount : Math.max(1, message.deliveryCount - 1), false, message);
  }
}
