import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { heraldServiceOf, parseMachineCpu, parseProcessStat, parseStatusBytes } from './proc-stats.js';

// Pure helpers of the benchmark (not the benchmark itself): /proc parsing.

describe('parseMachineCpu', () => {
  const cases = [
    {
      name: 'sums user, nice, system, irq, softirq and steal as busy; idle and iowait only into total',
      text: 'cpu  100 5 20 1000 7 1 2 3 50 0\ncpu0 50 2 10 500 3 0 1 1 25 0\nintr 1',
      expected: { busy: 131, total: 1138 },
    },
    { name: 'accepts an old kernel line without steal and guest', text: 'cpu 10 0 5 100 1 0 0\n', expected: { busy: 15, total: 116 } },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(parseMachineCpu(c.text), c.expected));
  it('refuses a file with no aggregate line', () => assert.throws(() => parseMachineCpu('cpu0 1 2 3 4\n'), /no aggregate "cpu" line/));
});

describe('parseProcessStat', () => {
  const tail = 'S 1234 1235 1235 0 -1 4194560 2000 0 0 0 150 35 0 0 20 0 11 0 9999 100000 5000';
  const cases = [
    { name: 'plain comm', text: `4321 (nats-server) ${tail}`, expected: { comm: 'nats-server', ppid: 1234, cpuTicks: 185 } },
    { name: 'comm with spaces and parentheses', text: `4321 (a (b) c) ${tail}`, expected: { comm: 'a (b) c', ppid: 1234, cpuTicks: 185 } },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(parseProcessStat(c.text), c.expected));
  it('refuses text that is not a stat line', () => assert.throws(() => parseProcessStat('nothing here'), /not a \/proc\/<pid>\/stat line/));
});

describe('parseStatusBytes', () => {
  const status = 'Name:\tpostgres\nVmPeak:\t  300000 kB\nVmHWM:\t   40000 kB\nVmRSS:\t   39000 kB\nThreads:\t1\n';
  const cases = [
    { field: 'VmRSS', text: status, expected: 39_000 * 1_024 },
    { field: 'VmHWM', text: status, expected: 40_000 * 1_024 },
    { field: 'VmRSS', text: 'Name:\tkthreadd\nThreads:\t1\n', expected: undefined },
  ] as const;
  for (const c of cases) it(`${c.field} of ${c.text.slice(6, 14).trim()}`, () => assert.equal(parseStatusBytes(c.text, c.field), c.expected));
});

describe('heraldServiceOf', () => {
  const cases = [
    { cmdline: '/usr/bin/node\0--enable-source-maps\0/work/x/apps/dispatch/dist/main.js\0', expected: 'dispatch' },
    { cmdline: '/usr/bin/node\0/srv/apps/delivery-worker/dist/main.js', expected: 'delivery-worker' },
    { cmdline: '/usr/bin/node\0/work/x/test/dist/bench/bench.js\0', expected: undefined },
    { cmdline: '/usr/bin/node\0/work/x/apps/dispatch/dist/main.js.map\0', expected: undefined },
  ];
  for (const c of cases) it(JSON.stringify(c.cmdline), () => assert.equal(heraldServiceOf(c.cmdline), c.expected));
});
