import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDuration, parseLabels, table } from './output.js';

describe('CLI output helpers', () => {
  it('aligns columns and shows empty cells as -', () => {
    assert.equal(
      table([
        ['id', 'status', 'summary'],
        ['a1', 'triggered', 'Disk full'],
        ['b22', null, 'x'],
      ]),
      'id   status     summary\na1   triggered  Disk full\nb22  -          x',
    );
  });

  it('reads durations', () => {
    assert.equal(parseDuration('2h'), 7_200_000);
    assert.equal(parseDuration('30m'), 1_800_000);
    assert.equal(parseDuration('1.5d'), 129_600_000);
    assert.equal(parseDuration('soon'), undefined);
  });

  it('reads labels and names the word that is not one', () => {
    assert.deepEqual(parseLabels(['alertname=DiskFull', 'team="db"']), { alertname: 'DiskFull', team: 'db' });
    assert.equal(parseLabels(['alertname=DiskFull', 'oops']), 'oops');
  });
});
