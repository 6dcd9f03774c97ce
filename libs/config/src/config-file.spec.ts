import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { z } from 'zod';
import { loadConfigSection } from './config-file.js';
import { ConfigError } from './load-config.js';

const dir = mkdtempSync(join(tmpdir(), 'herald-config-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const schema = z.array(z.object({ name: z.string() }).passthrough()).default([]);

function load(yaml: string): unknown {
  const path = join(dir, `c-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, yaml);
  return loadConfigSection(path, 'integrations', schema);
}

describe('loadConfigSection', () => {
  it('reads a section', () => {
    assert.deepEqual(load('integrations:\n  - name: "café 😀"\n'), [{ name: 'café 😀' }]);
  });

  // YAML double-quoted strings can spell what PostgreSQL cannot store.
  const refused: Array<[string, string, RegExp]> = [
    ['a NUL in a value', 'integrations:\n  - name: "a\\0b"\n', /integrations\[0\]\.name: contains a NUL/],
    ['a lone surrogate in a value', 'integrations:\n  - name: "x\\ud800"\n', /integrations\[0\]\.name: contains an unpaired/],
    ['a NUL in a key', 'integrations:\n  - name: n\n    labels: { "k\\0": v }\n', /integrations\[0\]\.labels\."k\uFFFD": has a key that contains a NUL/],
  ];
  for (const [name, yaml, message] of refused) {
    it(`refuses ${name}, naming the field`, () => {
      assert.throws(
        () => load(yaml),
        (error: unknown) => error instanceof ConfigError && error.problems.some((p) => message.test(p)),
      );
    });
  }
});
