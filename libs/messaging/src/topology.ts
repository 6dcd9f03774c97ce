import { type ConsumerDefinition, type StreamName } from '@herald/contracts';

/**
 * Applies the deployment namespace to stream names, subjects and durable names,
 * so several Herald installs (or parallel test runs) can share one NATS.
 * An empty namespace leaves everything as written in the contracts.
 */
export class Topology {
  constructor(readonly namespace: string) {
    if (!/^[a-z0-9_]*$/.test(namespace)) throw new Error(`invalid namespace "${namespace}"`);
  }

  stream(name: StreamName): string {
    return this.namespace ? `${this.namespace.toUpperCase()}_${name}` : name;
  }

  subject(subject: string): string {
    return this.namespace ? `${this.namespace}.${subject}` : subject;
  }

  /** The subject as the contracts know it (without the namespace). */
  localSubject(subject: string): string {
    const prefix = `${this.namespace}.`;
    return this.namespace && subject.startsWith(prefix) ? subject.slice(prefix.length) : subject;
  }

  durable(consumer: ConsumerDefinition): string {
    return consumer.durable;
  }

  deadLetterSubject(stage: string): string {
    return this.subject(`dlq.${stage}`);
  }
}
