import { IsoDateTime } from '@herald/contracts';
import { z } from 'zod';
import { type LabelSet, MatcherConfig, matchesAll } from './matchers.js';

/** A silence mutes matching incidents between `startsAt` (inclusive) and `endsAt` (exclusive). */
export const SilenceConfig = z
  .object({
    id: z.string().min(1).max(128),
    matchers: z.array(MatcherConfig).min(1).max(50),
    startsAt: IsoDateTime,
    endsAt: IsoDateTime,
    author: z.string().min(1).max(200),
    comment: z.string().min(1).max(2000),
  })
  .superRefine((s, ctx) => {
    if (Date.parse(s.endsAt) <= Date.parse(s.startsAt)) {
      ctx.addIssue({ code: 'custom', message: 'endsAt must be after startsAt', path: ['endsAt'] });
    }
    // As in Alertmanager: a silence whose matchers all accept the empty label set would mute
    // everything; a platform-wide quiet period is a maintenance window, which says so.
    if (matchesAll(s.matchers, {})) {
      ctx.addIssue({ code: 'custom', message: 'at least one matcher must require a non-empty label value', path: ['matchers'] });
    }
  });
export type Silence = z.output<typeof SilenceConfig>;

export type SilenceState = 'pending' | 'active' | 'expired';

export function silenceState(silence: Pick<Silence, 'startsAt' | 'endsAt'>, now: number): SilenceState {
  if (now < Date.parse(silence.startsAt)) return 'pending';
  if (now >= Date.parse(silence.endsAt)) return 'expired';
  return 'active';
}

/** The first active silence (in the order given) whose matchers all match, if any. */
export function activeSilenceFor(silences: readonly Silence[], labels: LabelSet, now: number): Silence | undefined {
  return silences.find((s) => silenceState(s, now) === 'active' && matchesAll(s.matchers, labels));
}
