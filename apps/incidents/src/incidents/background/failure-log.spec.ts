import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { FailureLog } from './failure-log.js';

function capturedLogger(): { logger: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

const refused = (): Error => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('FailureLog', () => {
  const cases: Array<{ name: string; failures: Array<[Error, string]>; full: number; summaries: Array<number> }> = [
    { name: 'one failure: one full line, no summary', failures: [[refused(), 'timer pass failed; retrying']], full: 1, summaries: [] },
    { name: 'the same failure twelve times: one full line and one summary of eleven', failures: Array.from({ length: 12 }, () => [refused(), 'timer pass failed; retrying'] as [Error, string]), full: 1, summaries: [11] },
    {
      name: 'two kinds (another error, or another message): each in full once, each summarised',
      failures: [
        [refused(), 'outbox relay pass failed; retrying'],
        [refused(), 'outbox relay pass failed; retrying'],
        [new Error('Connection terminated unexpectedly'), 'outbox relay pass failed; retrying'],
        [new Error('Connection terminated unexpectedly'), 'outbox relay pass failed; retrying'],
        [refused(), 'outbox listener error'],
      ],
      full: 3,
      summaries: [1, 1],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { logger, lines } = capturedLogger();
      const log = new FailureLog(logger, 'relay', 60_000);
      log.start();
      for (const [error, message] of c.failures) log.failed(error, message);
      log.stop();
      const full = lines.filter((l) => l['err'] !== undefined);
      assert.equal(full.length, c.full);
      assert.ok(full.every((l) => l['loop'] === 'relay' && String(l['msg']).endsWith('(repeats of this failure are summarised)')));
      assert.deepEqual(lines.filter((l) => typeof l['repeats'] === 'number').map((l) => l['repeats']), c.summaries);
    });
  }

  it('a kind quiet for a whole period is logged in full again when it comes back', () => {
    const { logger, lines } = capturedLogger();
    const log = new FailureLog(logger, 'timers', 60_000);
    log.failed(refused(), 'timer pass failed; retrying');
    log.stop();
    log.stop();
    log.failed(refused(), 'timer pass failed; retrying');
    assert.equal(lines.filter((l) => l['err'] !== undefined).length, 2);
  });
});
