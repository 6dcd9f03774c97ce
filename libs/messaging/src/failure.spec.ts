import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PermanentError } from './errors.js';
import { classifyFailure, sqlState, tooLargeToPublish, type FailureClass } from './failure.js';
import { PublishRefusedError } from './pub-ack-pipe.js';

/** An error as node-postgres builds one: a message and a SQLSTATE `code`. */
function pgError(code: string, message = 'from PostgreSQL'): Error {
  return Object.assign(new Error(message), { code });
}

/** TypeORM's QueryFailedError keeps the driver's error in `driverError`. */
function queryFailed(code: string): Error {
  return Object.assign(new Error('query failed'), { name: 'QueryFailedError', driverError: pgError(code) });
}

function named(name: string, message = 'x'): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

describe('classifyFailure', () => {
  const cases: Array<[string, unknown, FailureClass]> = [
    ['PermanentError', new PermanentError('BAD', 'no'), 'permanent'],
    ['22P05 untranslatable character (NUL in jsonb)', pgError('22P05'), 'permanent'],
    ['22021 character not in repertoire', pgError('22021'), 'permanent'],
    ['22P02 invalid text representation', queryFailed('22P02'), 'permanent'],
    ['22001 string too long', pgError('22001'), 'permanent'],
    ['23505 unique violation', queryFailed('23505'), 'permanent'],
    ['23503 foreign key violation', pgError('23503'), 'permanent'],
    ['23502 not null violation', pgError('23502'), 'permanent'],
    ['54000 index row too large', pgError('54000'), 'permanent'],
    ['40001 serialisation failure', pgError('40001'), 'transient'],
    ['40P01 deadlock', queryFailed('40P01'), 'transient'],
    ['55P03 lock not available', pgError('55P03'), 'transient'],
    ['57014 statement timeout', pgError('57014'), 'transient'],
    ['57P01 admin shutdown', pgError('57P01'), 'transient'],
    ['57P03 cannot connect now', pgError('57P03'), 'transient'],
    ['08006 connection failure', pgError('08006'), 'transient'],
    ['08001 cannot establish connection', queryFailed('08001'), 'transient'],
    ['53300 too many connections', pgError('53300'), 'transient'],
    ['53100 disk full', pgError('53100'), 'transient'],
    ['42P01 undefined table (a bug or a migration race: counted)', pgError('42P01'), 'unexpected'],
    ['ECONNREFUSED', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), 'transient'],
    ['ECONNRESET', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'transient'],
    ['ETIMEDOUT', Object.assign(new Error('x'), { code: 'ETIMEDOUT' }), 'transient'],
    ['pg: Connection terminated unexpectedly', new Error('Connection terminated unexpectedly'), 'transient'],
    ['pg pool: timeout exceeded when trying to connect', new Error('timeout exceeded when trying to connect'), 'transient'],
    ['pg: not queryable', new Error('Client has encountered a connection error and is not queryable'), 'transient'],
    ['pg: starting up', new Error('the database system is starting up'), 'transient'],
    ['AggregateError of refused connects', new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' }), Object.assign(new Error('b'), { code: 'ECONNREFUSED' })]), 'transient'],
    ['AggregateError with a bug in it', new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' }), new TypeError('b')]), 'unexpected'],
    ['nats ClosedConnectionError', named('ClosedConnectionError'), 'transient'],
    ['nats TimeoutError', named('TimeoutError'), 'transient'],
    ['nats NoRespondersError', named('NoRespondersError'), 'transient'],
    ['PublishTimeoutError', named('PublishTimeoutError'), 'transient'],
    ['PublishRefusedError (storage full, no stream)', named('PublishRefusedError'), 'transient'],
    ['a TypeError (a bug)', new TypeError("Cannot read properties of undefined (reading 'x')"), 'unexpected'],
    ['a stack overflow', new RangeError('Maximum call stack size exceeded'), 'unexpected'],
    ['a plain Error', new Error('database is down'), 'unexpected'],
    ['a thrown string', 'boom', 'unexpected'],
    ['null', null, 'unexpected'],
    ['a numeric code is not a SQLSTATE', Object.assign(new Error('x'), { code: 500 }), 'unexpected'],
  ];
  for (const [name, error, expected] of cases) {
    it(`${name} → ${expected}`, () => assert.equal(classifyFailure(error), expected));
  }
});

describe('sqlState', () => {
  const cases: Array<[string, unknown, string | undefined]> = [
    ['own code', pgError('23505'), '23505'],
    ['TypeORM driverError', queryFailed('40P01'), '40P01'],
    ['an errno is not a SQLSTATE', Object.assign(new Error(), { code: 'ECONNREFUSED' }), undefined],
    ['no code', new Error('x'), undefined],
    ['not an object', 42, undefined],
  ];
  for (const [name, error, expected] of cases) it(name, () => assert.equal(sqlState(error), expected));
});

describe('tooLargeToPublish', () => {
  const cases: Array<[string, unknown, boolean]> = [
    ['nats.js: over the server max_payload', Object.assign(new Error("'payload' max_payload size exceeded"), { name: 'InvalidArgumentError' }), true],
    ['JetStream: over the stream maximum message size', new PublishRefusedError('incidents.events.relayed: message size exceeds maximum allowed', 400, 10054), true],
    ['JetStream: another refusal', new PublishRefusedError('no stream takes incidents.events.relayed', 503), false],
    ['a time-out', named('TimeoutError'), false],
    ['not an error', 'max_payload', false],
  ];
  for (const [name, error, expected] of cases) it(name, () => assert.equal(tooLargeToPublish(error), expected));
});
