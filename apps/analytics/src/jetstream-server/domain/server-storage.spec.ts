import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jszUrl, serverLabel, serverStorageOf } from './server-storage.js';

// A real nats-server 2.9 /jsz answer (max_file_store 10MB, max_memory_store 1MB), with use.
const JSZ = {
  server_id: 'NCF6ZVPZXNSO24WCGW7LYUMDLRPULRTKA6BR4QCC2IHKGPYOG73POT3L',
  config: { max_memory: 1_048_576, max_storage: 10_485_760, store_dir: '/data/jetstream', compress_ok: true },
  memory: 2_048,
  storage: 9_000_000,
  reserved_memory: 0,
  reserved_storage: 0,
  accounts: 1,
};

describe('serverStorageOf', () => {
  const cases: Array<{ name: string; body: unknown; expected: ReturnType<typeof serverStorageOf> | RegExp }> = [
    {
      name: 'used and allowed, per kind',
      body: JSZ,
      expected: { ok: true, file: { used: 9_000_000, limit: 10_485_760 }, memory: { used: 2_048, limit: 1_048_576 } },
    },
    {
      name: 'a limit of 0 or below is none',
      body: { ...JSZ, config: { max_memory: 0, max_storage: -1 } },
      expected: { ok: true, file: { used: 9_000_000, limit: -1 }, memory: { used: 2_048, limit: -1 } },
    },
    { name: 'JetStream disabled (no config)', body: { server_id: 'x', memory: 0, storage: 0 }, expected: /config/ },
    { name: 'a negative use', body: { ...JSZ, storage: -5 }, expected: /storage/ },
    { name: 'not JSON at all', body: 'Not Found', expected: /\(body\)/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = serverStorageOf(c.body);
      if (c.expected instanceof RegExp) {
        assert.equal(result.ok, false);
        if (!result.ok) assert.match(result.reason, c.expected);
      } else assert.deepEqual(result, c.expected);
    });
  }
});

describe('monitoring URLs', () => {
  const cases = [
    { url: 'http://herald-nats-0.herald-nats-headless:8222', label: 'herald-nats-0.herald-nats-headless:8222', jsz: 'http://herald-nats-0.herald-nats-headless:8222/jsz' },
    { url: 'http://127.0.0.1:8222/', label: '127.0.0.1:8222', jsz: 'http://127.0.0.1:8222/jsz' },
    { url: 'https://nats.example.net/monitor', label: 'nats.example.net', jsz: 'https://nats.example.net/monitor/jsz' },
  ];
  for (const c of cases) {
    it(c.url, () => {
      assert.equal(serverLabel(c.url), c.label);
      assert.equal(jszUrl(c.url), c.jsz);
    });
  }
});
