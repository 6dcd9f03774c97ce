import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CanonicalAlert, SOURCE_TYPES } from '@herald/contracts';
import fc from 'fast-check';
import { normalise, validateBody } from './index.js';
import { allPaths, DELETE, setPath } from './testing/json-paths.js';
import { SAMPLES } from './testing/samples.js';
import { testContext } from './testing/test-context.js';

const ctx = testContext();
const RUNS = 300;

/** normalise must answer, never throw; an ok answer must be publishable. */
function checkAnswer(source: (typeof SOURCE_TYPES)[number], body: unknown): void {
  const result = normalise(source, body, ctx);
  if (result.ok) {
    for (const alert of result.alerts) CanonicalAlert.parse(alert);
  } else {
    assert.ok(result.errors.length > 0);
    for (const e of result.errors) assert.equal(typeof e.path, 'string');
  }
  assert.equal(validateBody(source, body).ok, result.ok || result.errors.every((e) => e.path.startsWith('canonical')));
}

/** A valid sample with one value replaced by arbitrary JSON, or deleted. */
function mutatedSample(sample: unknown): fc.Arbitrary<unknown> {
  const paths = allPaths(sample);
  if (paths.length === 0) return fc.constant(sample);
  return fc
    .tuple(
      fc.constantFrom(...paths),
      fc.oneof(
        fc.jsonValue(),
        fc.constant(DELETE),
        fc.constantFrom<unknown>('', ' ', null, 0, -1, 'x'.repeat(2000), '0001-01-01T00:00:00Z', '__proto__', 'constructor'),
      ),
    )
    .map(([path, value]) => setPath(sample, path, value));
}

describe('normalise properties', () => {
  for (const source of SOURCE_TYPES) {
    it(`${source}: never throws for arbitrary JSON`, () => {
      fc.assert(
        fc.property(fc.jsonValue(), (body) => checkAnswer(source, body)),
        { numRuns: RUNS },
      );
    });

    it(`${source}: never throws for mutated valid samples, and ok results are canonical`, () => {
      const samples = SAMPLES[source];
      fc.assert(
        fc.property(
          fc.oneof(...samples.map(mutatedSample)),
          (body) => checkAnswer(source, body),
        ),
        { numRuns: RUNS },
      );
    });

    it(`${source}: never throws for objects built from the sample's field names`, () => {
      const keys = [...new Set(SAMPLES[source].flatMap((s) => allPaths(s).map((p) => p[p.length - 1] ?? '')))];
      const key = keys.length > 0 ? fc.constantFrom(...keys) : fc.string();
      const shaped = fc.letrec<{ node: unknown }>((tie) => ({
        node: fc.oneof(
          { depthSize: 'small', withCrossShrink: true },
          fc.jsonValue({ maxDepth: 1 }),
          fc.dictionary(key, tie('node'), { maxKeys: 6 }),
          fc.array(tie('node'), { maxLength: 3 }),
        ),
      })).node;
      fc.assert(
        fc.property(shaped, (body) => checkAnswer(source, body)),
        { numRuns: RUNS },
      );
    });
  }
});
