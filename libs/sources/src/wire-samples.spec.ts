import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalise, validateBody } from './normalise.js';
import { expectAlerts, testContext } from './testing/test-context.js';
import { WIRE_SAMPLES } from './testing/wire-samples.js';

/** The body as ingestion hands it on: JSON parsed, a form as its fields. */
function decoded(contentType: string | undefined, body: string): unknown {
  if (contentType?.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(body));
  return JSON.parse(body) as unknown;
}

describe('wire samples: each tool as it sends by default', () => {
  for (const { source, origin, samples } of Object.values(WIRE_SAMPLES)) {
    describe(source, () => {
      it('says where its shape comes from', () => assert.ok(origin.length > 40, origin));

      for (const sample of samples) {
        it(`${sample.name}: ${sample.expect.map((e) => `${e.action}/${e.severity}`).join(', ') || 'no alert'}`, () => {
          const body = sample.recorded ?? decoded(sample.contentType, sample.body);
          assert.deepEqual(validateBody(source, body), { ok: true });
          const ctx = testContext({ headers: { ...sample.headers }, dedupScope: undefined });
          const alerts = expectAlerts(normalise(source, body, ctx), ctx);
          assert.deepEqual(
            alerts.map((a) => ({ action: a.action, severity: a.severity, dedupKey: a.dedupKey })),
            sample.expect.map((e) => ({ ...e, dedupKey: `${ctx.integrationId}/${e.dedupKey}` })),
          );
        });
      }
    });
  }
});
