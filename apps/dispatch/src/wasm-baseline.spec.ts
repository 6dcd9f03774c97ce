import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BASELINE = new URL('./wasm-baseline.js', import.meta.url).href;

/** 2,048 requests through undici (its parser is WebAssembly), then V8's peak compiler and parser memory, in MiB. */
const DRIVE_UNDICI = `
  import http from 'node:http';
  import { getHeapStatistics } from 'node:v8';
  import { Agent, request } from 'undici';
  const server = http.createServer((req, res) => { req.resume(); req.on('end', () => res.end('ok')); });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = 'http://127.0.0.1:' + server.address().port + '/';
  const dispatcher = new Agent({ connections: 64 });
  for (let wave = 0; wave < 8; wave += 1) {
    await Promise.all(Array.from({ length: 256 }, async () => (await request(url, { dispatcher, method: 'POST', body: 'x' })).body.text()));
  }
  console.log(getHeapStatistics().peak_malloced_memory / 1048576);
  server.close();
  await dispatcher.close();
`;

async function peakCompilerMemory(nodeArgs: readonly string[]): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, [...nodeArgs, '--input-type=module', '-e', DRIVE_UNDICI], { cwd: ROOT, timeout: 60_000 });
  return Number(stdout.trim());
}

describe('WebAssembly on the baseline compiler (wasm-baseline)', () => {
  it("keeps undici's hot HTTP parser out of V8's optimising compiler, and the memory that compiler takes", async () => {
    const [optimised, baseline] = await Promise.all([peakCompilerMemory([]), peakCompilerMemory([`--import=${BASELINE}`])]);
    // Without the flag V8 optimises llhttp once it is hot and needs 20-40 MiB for it; with it, the peak stays a few MiB.
    assert.ok(optimised > 15, `without the flag the peak was ${optimised.toFixed(1)} MiB: expected the optimising compiler's 20-40 MiB`);
    assert.ok(baseline < 10, `with the flag the peak was ${baseline.toFixed(1)} MiB`);
  });
});
