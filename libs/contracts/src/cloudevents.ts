/**
 * CloudEvents 1.0 attributes in binary content mode, carried as NATS headers
 * (the NATS protocol binding names them `ce-<attribute>`).
 */
export const CE_SPEC_VERSION = '1.0';

export const HEADERS = {
  ceId: 'ce-id',
  ceType: 'ce-type',
  ceSource: 'ce-source',
  ceTime: 'ce-time',
  ceSpecVersion: 'ce-specversion',
  ceDataContentType: 'ce-datacontenttype',
  correlationId: 'x-correlation-id',
  traceparent: 'traceparent',
  /** On a dead letter: why it was dead-lettered, and where it came from. */
  deadReason: 'x-dead-reason',
  deadSubject: 'x-dead-subject',
  deadStream: 'x-dead-stream',
  deadConsumer: 'x-dead-consumer',
  deadDeliveries: 'x-dead-deliveries',
} as const;

export interface CloudEventAttributes {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly time: string;
}

export function cloudEventHeaders(attrs: CloudEventAttributes): Record<string, string> {
  return {
    [HEADERS.ceId]: attrs.id,
    [HEADERS.ceType]: attrs.type,
    [HEADERS.ceSource]: attrs.source,
    [HEADERS.ceTime]: attrs.time,
    [HEADERS.ceSpecVersion]: CE_SPEC_VERSION,
    [HEADERS.ceDataContentType]: 'application/json',
  };
}

/** Reads the attributes back; undefined when a required one is missing. */
export function readCloudEventAttributes(
  get: (name: string) => string | undefined,
): CloudEventAttributes | undefined {
  const id = get(HEADERS.ceId);
  const type = get(HEADERS.ceType);
  const source = get(HEADERS.ceSource);
  const time = get(HEADERS.ceTime);
  if (!id || !type || !source || !time || get(HEADERS.ceSpecVersion) !== CE_SPEC_VERSION) {
    return undefined;
  }
  return { id, type, source, time };
}
