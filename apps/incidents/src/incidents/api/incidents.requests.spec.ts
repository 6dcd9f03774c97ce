import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AcknowledgeBody, decodeCursor, encodeCursor, ListIncidentsQuery, NoteBody } from './incidents.requests.js';
import { parseRequest, RequestValidationError } from './request-validation.js';

const fieldsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof RequestValidationError) return error.errors.map((e) => e.path);
    throw error;
  }
  return [];
};

describe('incident API requests', () => {
  it('reads list filters given comma-separated or repeated', () => {
    const cases: Array<[Record<string, unknown>, Record<string, unknown>]> = [
      [{}, { limit: 50 }],
      [{ status: 'triggered,acknowledged' }, { status: ['triggered', 'acknowledged'], limit: 50 }],
      [{ severity: ['critical', 'error,warning'] }, { severity: ['critical', 'error', 'warning'], limit: 50 }],
      [{ source: ' grafana , ' }, { source: ['grafana'], limit: 50 }],
      [{ limit: '7', text: 'disk' }, { limit: 7, text: 'disk' }],
    ];
    for (const [query, expected] of cases) assert.deepEqual(parseRequest(ListIncidentsQuery, query, 'query'), expected, JSON.stringify(query));
  });

  it('names every bad field', () => {
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ status: 'open' }, ['status[0]']],
      [{ status: '' }, ['status']],
      [{ limit: 'ten' }, ['limit']],
      [{ limit: ['1', '2'] }, ['limit']],
      [{ colour: 'red', shape: 'round' }, ['colour, shape']],
      [{ from: '2026-03-01T12:00:00Z', to: '2026-03-01T11:00:00Z' }, ['to']],
      [{ service: ['a', 'b'] }, ['service']],
    ];
    for (const [query, fields] of cases) assert.deepEqual(fieldsOf(() => parseRequest(ListIncidentsQuery, query, 'query')), fields, JSON.stringify(query));
  });

  it('validates what people send', () => {
    const cases: Array<[typeof AcknowledgeBody | typeof NoteBody, unknown, string[]]> = [
      [AcknowledgeBody, { by: 'ada' }, []],
      [AcknowledgeBody, { by: '  ada  ' }, []],
      [AcknowledgeBody, undefined, ['']],
      [AcknowledgeBody, { by: '' }, ['by']],
      [AcknowledgeBody, { by: 'x'.repeat(201) }, ['by']],
      [NoteBody, { author: 'ada', text: ' rolled back ' }, []],
      [NoteBody, { author: 'ada', text: ' \n ' }, ['text']],
      [NoteBody, { author: 'ada', text: 'x'.repeat(10_000) }, []],
      [NoteBody, { author: 'ada', text: 'x'.repeat(10_001) }, ['text']],
      // Who acts may come from the caller's identity instead (a personal token or the proxy).
      [NoteBody, { text: 'hi' }, []],
      [AcknowledgeBody, {}, []],
    ];
    for (const [schema, body, fields] of cases) {
      assert.deepEqual(fieldsOf(() => parseRequest(schema, body, 'body')), fields, JSON.stringify(body)?.slice(0, 50));
    }
    assert.deepEqual(parseRequest(AcknowledgeBody, { by: '  ada  ' }, 'body'), { by: 'ada' });
    assert.deepEqual(parseRequest(NoteBody, { author: 'ada', text: ' rolled back ' }, 'body').text, ' rolled back ', 'note text kept as written');
  });

  it('round-trips a keyset cursor and refuses anything else', () => {
    const cursor = { openedAt: '2026-03-01T12:00:00.123456Z', id: '00000000-0000-4000-8000-000000000001' };
    assert.deepEqual(decodeCursor(encodeCursor(cursor)), cursor);
    for (const bad of ['', 'not-a-cursor', Buffer.from('{"openedAt":"yesterday","id":"x"}').toString('base64url'), Buffer.from('[]').toString('base64url')]) {
      assert.equal(decodeCursor(bad), undefined, bad);
    }
  });
});
