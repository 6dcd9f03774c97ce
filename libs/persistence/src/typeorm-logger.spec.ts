import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { PinoTypeOrmLogger } from './typeorm-logger.js';

function capture(level = 'trace'): { adapter: PinoTypeOrmLogger; lines: () => Array<Record<string, unknown>>; raw: () => string } {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  const adapter = new PinoTypeOrmLogger(pino({ level }, sink));
  return { adapter, raw: () => text, lines: () => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const SECRET_PARAMETER = 'Authorization: Bearer sk-live-123';

describe('PinoTypeOrmLogger', () => {
  const cases: Array<[string, (a: PinoTypeOrmLogger) => void, { level: number; msg: string }]> = [
    ['a failed query: one JSON line at debug, without its parameters', (a) => a.logQueryError(Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' }), 'INSERT INTO t\n  VALUES ($1)', [SECRET_PARAMETER]), { level: 20, msg: 'query failed' }],
    ['a slow query: warn, without its parameters', (a) => a.logQuerySlow(1200, 'SELECT 1', [SECRET_PARAMETER]), { level: 40, msg: 'slow query' }],
    ['a query: trace, without its parameters', (a) => a.logQuery('SELECT $1', [SECRET_PARAMETER]), { level: 10, msg: 'query' }],
    ['the pool raising an error: warn', (a) => a.log('warn', 'Postgres pool raised an error. Error: read ECONNRESET'), { level: 40, msg: 'Postgres pool raised an error. Error: read ECONNRESET' }],
    ['a migration: info', (a) => a.logMigration('Migration Init1700000000000 has been executed successfully.'), { level: 30, msg: 'Migration Init1700000000000 has been executed successfully.' }],
  ];
  for (const [name, act, expected] of cases) {
    it(name, () => {
      const { adapter, lines, raw } = capture();
      act(adapter);
      assert.equal(lines().length, 1, raw());
      assert.deepEqual({ level: lines()[0]!['level'], msg: lines()[0]!['msg'] }, expected);
      assert.ok(!raw().includes('sk-live'), 'no parameter in the log');
    });
  }

  it('writes a multi-line query on one line, clipped', () => {
    const { adapter, lines } = capture();
    adapter.logQuerySlow(5, `SELECT\n  a,\n  b\nFROM t WHERE ${'x'.repeat(500)}`);
    const query = String(lines()[0]!['query']);
    assert.ok(query.startsWith('SELECT a, b FROM t WHERE'));
    assert.ok(query.length <= 201);
  });
});
