import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { formatPath, parseWith, zodIssuesToFieldErrors } from './field-errors.js';

describe('field errors', () => {
  it('formats zod paths the way a reader writes them', () => {
    const cases: [PropertyKey[], string][] = [
      [[], ''],
      [['routing_key'], 'routing_key'],
      [['alerts', 0, 'labels'], 'alerts[0].labels'],
      [[2, 'labels', 'severity'], '[2].labels.severity'],
      [['payload', 'summary'], 'payload.summary'],
    ];
    for (const [path, expected] of cases) assert.equal(formatPath(path), expected);
  });

  it('names every bad field once, and says "is required" for missing ones', () => {
    const schema = z.object({ a: z.string(), b: z.array(z.number()), c: z.string().optional() });
    const result = schema.safeParse({ b: [1, 'x'], c: 5 });
    assert.equal(result.success, false);
    if (result.success) return;
    assert.deepEqual(
      zodIssuesToFieldErrors(result.error).map((e) => e.path),
      ['a', 'b[1]', 'c'],
    );
    const parsed = parseWith(schema, { b: [] });
    assert.deepEqual(parsed, { ok: false, errors: [{ path: 'a', message: 'is required' }] });
  });
});
