/** Dynatrace problem notifications rendered from the custom integration's default payload template. */
const impacted = [{ type: 'SERVICE', name: 'checkout-service', entity: 'SERVICE-F5D7459A6CD9842B' }];

function problem(state: 'OPEN' | 'RESOLVED', endTime: number) {
  return {
    ImpactedEntities: impacted,
    ImpactedEntity: 'Response time degradation on Web service checkout-service',
    PID: '-5713274289513742436_1714564320000V2',
    ProblemDetailsHTML: '<h1>Response time degradation</h1><p>Response time of checkout-service degraded by 312%.</p>',
    ProblemDetailsJSON: {
      id: '-5713274289513742436_1714564320000V2',
      startTime: 1714564320000,
      endTime,
      displayName: '941',
      impactLevel: 'SERVICE',
      status: state,
      severityLevel: 'PERFORMANCE',
      commentCount: 0,
      tagsOfAffectedEntities: [{ context: 'CONTEXTLESS', key: 'team', value: 'checkout' }],
      rankedEvents: [],
      hasRootCause: true,
    },
    ProblemID: '941',
    ProblemImpact: 'SERVICE',
    ProblemTitle: 'Response time degradation',
    'Problem URL': 'https://abc12345.live.dynatrace.com/#problems/problemdetails;pid=-5713274289513742436_1714564320000V2',
    State: state,
    Tags: 'team:checkout, env:production',
  };
}

export const dynatraceOpen = problem('OPEN', -1);
export const dynatraceResolved = problem('RESOLVED', 1714565251000);

export const dynatraceSamples = { dynatraceOpen, dynatraceResolved };
