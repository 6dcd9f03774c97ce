import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { damonNote, type ReadText } from './host-notes.js';

const K = '/sys/kernel/mm/damon/admin/kdamonds';
const files = (entries: Record<string, string>): ReadText => (path) => entries[path];

describe('damonNote', () => {
  const running = {
    [`${K}/nr_kdamonds`]: '1\n',
    [`${K}/0/state`]: 'on\n',
    [`${K}/0/contexts/0/operations`]: 'paddr\n',
    [`${K}/0/contexts/0/monitoring_attrs/intervals/sample_us`]: '500000\n',
  };
  const cases: Array<{ name: string; read: ReadText; expected: RegExp | undefined }> = [
    { name: 'no DAMON in the kernel (no sysfs directory)', read: files({}), expected: undefined },
    { name: 'DAMON built in, no kdamond set up', read: files({ [`${K}/nr_kdamonds`]: '0\n' }), expected: undefined },
    { name: 'a kdamond set up but off', read: files({ ...running, [`${K}/0/state`]: 'off\n' }), expected: undefined },
    { name: 'a running kdamond: named with its operations and sampling interval', read: files(running), expected: /DAMON memory monitor is running \(kdamond 0 \(paddr, a sample every 500 ms\)\)/ },
    {
      name: 'only the running one of two is named',
      read: files({ ...running, [`${K}/nr_kdamonds`]: '2\n', [`${K}/1/state`]: 'off\n' }),
      expected: /running \(kdamond 0 \(paddr, a sample every 500 ms\)\):/,
    },
    {
      name: 'operations unreadable: named with its sampling interval alone',
      read: files({ ...running, [`${K}/0/contexts/0/operations`]: '' }),
      expected: /running \(kdamond 0 \(a sample every 500 ms\)\):/,
    },
    {
      name: 'unreadable attributes: named without them',
      read: files({ [`${K}/nr_kdamonds`]: '1\n', [`${K}/0/state`]: 'on\n' }),
      expected: /running \(kdamond 0\):/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const note = damonNote(c.read);
      if (c.expected === undefined) assert.equal(note, undefined);
      else assert.match(note ?? '', c.expected);
    });
  }
});
