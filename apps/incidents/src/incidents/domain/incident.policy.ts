/** Tunables of the incident rules; the shell reads them from configuration. */
export interface IncidentPolicy {
  /** A trigger less than this long after resolution reopens the incident instead of opening a new one. */
  readonly reopenWindowSeconds: number;
  readonly flapping: {
    /** More reopenings than this within `windowSeconds` mark the incident as flapping. */
    readonly maxCycles: number;
    readonly windowSeconds: number;
    /** A flapping incident with no reopening for this long is stable again. */
    readonly calmSeconds: number;
  };
  /** Resolve an open incident this long after its last alert when the alert gave no `endsAt`; null = never. */
  readonly autoResolveAfterSeconds: number | null;
}

export const DEFAULT_INCIDENT_POLICY: IncidentPolicy = {
  reopenWindowSeconds: 300,
  flapping: { maxCycles: 3, windowSeconds: 3600, calmSeconds: 1800 },
  autoResolveAfterSeconds: null,
};
