import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HeraldStack, type ServiceName } from '../support/stack.js';

/**
 * Each service applies its heap growth at start (`bootstrapService`) and says which in its
 * "listening" line: its own default, or HERALD_HEAP_GROWTH_PERCENT when set. (That the flag
 * makes V8 run fewer full collections is libs/observability's heap-growth spec.)
 */
describe('heap growth: each service starts with its own, or the configured one', () => {
  let stack: HeraldStack;

  before(async () => {
    stack = await HeraldStack.start({
      services: ['ingestion', 'analytics'],
      env: { LOG_LEVEL: 'info' },
      serviceEnv: { analytics: { HERALD_HEAP_GROWTH_PERCENT: '30' } },
      config: 'integrations: []\n',
    });
  });

  after(async () => {
    await stack?.stop();
    await stack?.cleanup();
  });

  const listening = (service: ServiceName): { heapGrowthPercent?: unknown } => {
    const line = stack
      .output(service)
      .split('\n')
      .find((l) => l.includes(`"${service} listening"`));
    assert.ok(line, `${service} logged its listening line:\n${stack.output(service)}`);
    return JSON.parse(line) as { heapGrowthPercent?: unknown };
  };

  it('ingestion runs with its own: 100%', () => {
    assert.equal(listening('ingestion').heapGrowthPercent, 100);
  });

  it('analytics runs with HERALD_HEAP_GROWTH_PERCENT instead of its own 100%', () => {
    assert.equal(listening('analytics').heapGrowthPercent, 30);
  });
});
