import { AckPolicy, DeliverPolicy, DiscardPolicy, RetentionPolicy, StorageType, type ConsumerConfig, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { STREAMS, type ConsumerDefinition, type StreamName } from '@herald/contracts';
import type { Topology } from './topology.js';

export interface StreamSettings {
  readonly replicas: number;
  readonly storage: 'file' | 'memory';
  readonly maxAgeSeconds: number;
  /** -1 for unlimited. */
  readonly maxBytes: number;
  readonly duplicateWindowSeconds: number;
}

const NANOS_PER_MS = 1_000_000;

export function streamConfig(name: StreamName, topology: Topology, settings: StreamSettings): Partial<StreamConfig> & { name: string } {
  const def = STREAMS[name];
  return {
    name: topology.stream(name),
    description: def.description,
    subjects: def.subjects.map((s) => topology.subject(s)),
    retention: def.retention === 'workqueue' ? RetentionPolicy.Workqueue : RetentionPolicy.Limits,
    storage: settings.storage === 'memory' ? StorageType.Memory : StorageType.File,
    num_replicas: settings.replicas,
    max_age: settings.maxAgeSeconds * 1_000 * NANOS_PER_MS,
    max_bytes: settings.maxBytes,
    // Publishers are told when a limit is hit instead of old data vanishing silently.
    discard: def.retention === 'workqueue' ? DiscardPolicy.New : DiscardPolicy.Old,
    duplicate_window: settings.duplicateWindowSeconds * 1_000 * NANOS_PER_MS,
  };
}

/** Creates each stream, or updates it to match the definition. Safe to run from every replica at once. */
export async function provisionStreams(
  jsm: JetStreamManager,
  topology: Topology,
  settings: StreamSettings,
  names: readonly StreamName[],
): Promise<void> {
  for (const name of names) {
    const config = streamConfig(name, topology, settings);
    try {
      await jsm.streams.info(config.name);
      await jsm.streams.update(config.name, config);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      try {
        await jsm.streams.add(config);
      } catch (addError) {
        // Another replica created it between our info and add.
        if (!isAlreadyInUse(addError)) throw addError;
      }
    }
  }
}

export function consumerConfig(def: ConsumerDefinition, topology: Topology, maxAckPending: number): Partial<ConsumerConfig> & { durable_name: string } {
  return {
    durable_name: topology.durable(def),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: topology.subject(def.filterSubject),
    ack_wait: def.ackWaitMs * NANOS_PER_MS,
    // The runner dead-letters by its own count; the server must never drop a message silently.
    max_deliver: -1,
    max_ack_pending: maxAckPending,
  };
}

/** Creates the durable pull consumer, or updates its settings. Idempotent. */
export async function provisionConsumer(
  jsm: JetStreamManager,
  topology: Topology,
  def: ConsumerDefinition,
  maxAckPending = 1_000,
): Promise<void> {
  const stream = topology.stream(def.stream);
  const config = consumerConfig(def, topology, maxAckPending);
  try {
    await jsm.consumers.info(stream, config.durable_name);
    const { durable_name: _name, deliver_policy: _deliver, ...updatable } = config;
    await jsm.consumers.update(stream, config.durable_name, updatable);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.consumers.add(stream, config);
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && /not found/i.test(error.message);
}

function isAlreadyInUse(error: unknown): boolean {
  return error instanceof Error && /already in use|already exists/i.test(error.message);
}

/** Deletes every stream of a namespace (uninstall; test clean-up). */
export async function removeStreams(jsm: JetStreamManager, topology: Topology, names: readonly StreamName[]): Promise<void> {
  for (const name of names) {
    try {
      await jsm.streams.delete(topology.stream(name));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
