import { SEVERITIES } from '@herald/contracts';
import { z } from 'zod';
import { isRecord } from '../core/maps.js';
import { isValidTime } from '../core/time.js';

// Messages name the problem the way PagerDuty's own 400 answers do, because
// ingestion answers PagerDuty-style clients with these errors.
const text = (what = 'a string') =>
  z.string({ error: (issue) => (issue.input === undefined ? 'is missing' : `must be ${what}`) });

const optionalText = text().optional();

export const PAGERDUTY_ACTIONS = ['trigger', 'acknowledge', 'resolve'] as const;

const payload = z.object(
  {
    summary: text().min(1, 'is blank').max(1024, 'must be at most 1024 characters').optional(),
    source: text().min(1, 'is blank').optional(),
    severity: z
      .enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` })
      .optional(),
    timestamp: text()
      .refine(isValidTime, 'must be an ISO 8601 date-time')
      .optional(),
    component: optionalText,
    group: optionalText,
    class: optionalText,
    // PagerDuty documents an object, but accepts and displays any JSON value.
    custom_details: z.unknown().optional(),
  },
  { error: (issue) => (issue.input === undefined ? 'is missing' : 'must be an object') },
);

const image = z.object({ src: text().min(1, 'is blank'), href: optionalText, alt: optionalText });
const link = z.object({ href: text().min(1, 'is blank'), text: optionalText });

function requireActionFields(event: unknown, ctx: z.RefinementCtx): void {
  // Runs even when other fields are bad (see `when` below), so it reads defensively.
  if (!isRecord(event)) return;
  const missing = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  if (event.event_action === 'trigger') {
    if (event.payload === undefined) missing(['payload'], 'is missing (required for trigger events)');
    else if (isRecord(event.payload)) {
      for (const field of ['summary', 'source', 'severity'] as const) {
        if (event.payload[field] === undefined) {
          missing(['payload', field], 'is missing (required for trigger events)');
        }
      }
    }
  } else if (
    (event.event_action === 'acknowledge' || event.event_action === 'resolve') &&
    event.dedup_key === undefined
  ) {
    missing(['dedup_key'], `is missing (required for ${event.event_action} events)`);
  }
}

/** PagerDuty Events API v2 event (`POST /v2/enqueue`). */
export const pagerDutyEvent = z
  .object(
    {
      // PagerDuty's integration keys are 32 characters; Herald also accepts its own keys here.
      routing_key: text().min(1, 'is blank').max(64, 'must be at most 64 characters'),
      event_action: z.enum(PAGERDUTY_ACTIONS, {
        error: (issue) =>
          issue.input === undefined ? 'is missing' : `must be one of ${PAGERDUTY_ACTIONS.join(', ')}`,
      }),
      dedup_key: text().min(1, 'is blank').max(255, 'must be at most 255 characters').optional(),
      payload: payload.optional(),
      images: z.array(image, { error: 'must be an array' }).optional(),
      links: z.array(link, { error: 'must be an array' }).optional(),
      client: optionalText,
      client_url: optionalText,
    },
    { error: 'must be a JSON object' },
  )
  .superRefine(requireActionFields, { when: () => true });
export type PagerDutyEvent = z.infer<typeof pagerDutyEvent>;
