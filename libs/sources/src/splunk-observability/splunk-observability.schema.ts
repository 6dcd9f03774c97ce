import { z } from 'zod';
import { ScalarMap } from '../core/maps.js';
import { IdLike, LooseTime, OptText } from '../core/schemas.js';

/** Splunk Observability Cloud's (SignalFx) default detector webhook body. */
export const splunkObservabilityAlert = z.looseObject({
  incidentId: IdLike.pipe(z.string().min(1)),
  detector: OptText,
  detectorId: IdLike.nullish(),
  detectorUrl: OptText,
  rule: OptText,
  severity: OptText,
  status: z.string().min(1),
  statusExtended: OptText,
  eventType: OptText,
  description: OptText,
  messageTitle: OptText,
  messageBody: OptText,
  runbookUrl: OptText,
  tip: OptText,
  imageUrl: OptText,
  originatingMetric: OptText,
  timestamp: LooseTime,
  dimensions: ScalarMap.nullish(),
  inputs: z.unknown().optional(),
});
export type SplunkObservabilityAlert = z.infer<typeof splunkObservabilityAlert>;
