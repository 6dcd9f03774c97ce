import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentedRoutes, servedRoutes } from '@herald/observability';
import { dispatchEnvSchema } from '../config.js';
import { DispatchModule } from '../dispatch.module.js';
import { ReceiverSpec } from '../receivers/domain/receiver.js';
import { DISPATCH_API } from './dispatch.openapi.js';
import { RECEIVER_EXAMPLES } from './receivers.examples.js';

describe('the dispatch API description', () => {
  it('documents exactly the routes the controllers serve', () => {
    assert.deepEqual(documentedRoutes(DISPATCH_API.routes), servedRoutes(DispatchModule.forRoot(dispatchEnvSchema.parse({ HERALD_SECRETS_KEY: `t1:${Buffer.alloc(32, 1).toString('base64')}` }))));
  });

  it("every example request is accepted by its route's schema", () => {
    const withExamples = DISPATCH_API.routes.filter((r) => r.example?.request !== undefined);
    assert.ok(withExamples.length >= 4);
    for (const route of withExamples) {
      const parsed = route.body!.safeParse(route.example!.request);
      assert.equal(parsed.success, true, `${route.method} ${route.path}: ${JSON.stringify(parsed.error?.issues)}`);
    }
  });

  it('the receiver examples are valid receivers, channel settings included', () => {
    for (const [name, example] of [['create', RECEIVER_EXAMPLES.create], ['replace', RECEIVER_EXAMPLES.replace]] as const) {
      const parsed = ReceiverSpec.safeParse({ ...example.request, id: 'example' });
      assert.equal(parsed.success, true, `${name}: ${JSON.stringify(parsed.error?.issues)}`);
    }
  });
});
