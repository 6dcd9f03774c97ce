// `npm test`: lint, then the compiled tests with Node's built-in runner in two phases,
// then one summary line.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ROOT, which } from './host.mjs';
import { startForeground, run } from './proc.mjs';
import { baseEnv } from './services.mjs';
import { info, paint, step, warn } from './ui.mjs';

const PHASES = [
  // Unit and integration specs sit beside the code; two at a time fits a 2-core machine.
  // No --test-force-exit in either phase: with it, Node's runner sometimes drops a file's results
  // after its tests ran (nodejs/node#54327 and its kin): runs of this phase reported 2,530-2,549 of
  // its 2,549 tests, all "passed", and a dropped failure would have gone unseen. Every test file
  // exits on its own (each run alone: none outlived its tests); one that hangs hits its file timeout.
  { name: 'unit + integration tests', roots: ['libs', 'apps'], suffix: '.spec.js', concurrency: 2, fileTimeoutS: 300 },
  // End-to-end tests share the running pipeline's ports and streams: one file at a time.
  { name: 'end-to-end tests', roots: ['test'], suffix: '.test.js', concurrency: 1, fileTimeoutS: 900 },
];

function walk(dir, suffix, found = []) {
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, suffix, found);
    else if (entry.name.endsWith(suffix)) found.push(path);
  }
  return found;
}

// The dist/ folder of every package under libs/ and apps/; for test/, test/dist itself.
function distDirs(root) {
  const dir = join(ROOT, root);
  if (root === 'test') return [join(dir, 'dist')];
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => join(dir, e.name, 'dist'));
}

/**
 * tsc -b never deletes output, so a compiled test whose .ts was deleted or renamed would still
 * run. Its source map names the source; if none of those files exist, the test is stale.
 */
function isStale(file) {
  const mapFile = `${file}.map`;
  if (!existsSync(mapFile)) return false;
  try {
    const map = JSON.parse(readFileSync(mapFile, 'utf8'));
    const base = resolve(dirname(file), map.sourceRoot ?? '');
    return Array.isArray(map.sources) && map.sources.length > 0 && !map.sources.some((s) => existsSync(resolve(base, s)));
  } catch {
    return false;
  }
}

/** Let people filter by the path they know: libs/x/src/a.spec.ts matches libs/x/dist/a.spec.js. */
function normaliseFilter(filter) {
  return filter.split(sep).join('/').replace(/\.ts$/, '.js').replace(/(^|\/)src\//, '$1dist/');
}

function findTestFiles(phase, filters) {
  const all = phase.roots.flatMap((root) => distDirs(root).flatMap((dir) => walk(dir, phase.suffix)));
  const rel = all.map((file) => relative(ROOT, file).split(sep).join('/')).sort();
  const stale = rel.filter((file) => isStale(join(ROOT, file)));
  if (stale.length > 0) warn(`skipping ${stale.length} compiled test file(s) whose source is gone: ${stale.join(', ')} (delete that dist/ to tidy up)`);
  const fresh = rel.filter((file) => !stale.includes(file));
  if (filters.length === 0) return fresh;
  const wanted = filters.map(normaliseFilter);
  return fresh.filter((file) => wanted.some((f) => file.includes(f)));
}

// The spec reporter ends with "ℹ pass 12"; the TAP reporter with "# pass 12". Colours are stripped first.
const SUMMARY_LINE = /^\s*(?:ℹ|#)\s+(tests|pass|fail|cancelled|skipped|todo)\s+(\d+)\s*$/;
const ANSI = /\x1b\[[0-9;]*m/g;

/** Pass output through unchanged while reading the runner's closing counts from it. */
function collectCounts(stream) {
  const counts = {};
  let pending = '';
  stream.setEncoding('utf8'); // decodes "ℹ" whole even when it straddles two chunks
  stream.on('data', (chunk) => {
    process.stdout.write(chunk);
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) {
      const match = SUMMARY_LINE.exec(line.replace(ANSI, ''));
      if (match) counts[match[1]] = Number(match[2]);
    }
  });
  return counts;
}

/**
 * Given to the runner process, --test-timeout bounds each test *file*: a file that hangs is
 * cancelled (and counted as failed) instead of holding the whole run, and CI, for ever.
 * HERALD_TEST_FILE_TIMEOUT_S overrides the phase's default.
 */
function fileTimeoutMs(phase) {
  const seconds = Number(process.env.HERALD_TEST_FILE_TIMEOUT_S || phase.fileTimeoutS);
  return Math.round((Number.isFinite(seconds) && seconds > 0 ? seconds : phase.fileTimeoutS) * 1000);
}

async function runPhase(phase, files, nodeFlags, env) {
  const userTimeout = nodeFlags.some((flag) => flag.startsWith('--test-timeout'));
  const args = [
    '--enable-source-maps',
    '--test',
    '--test-reporter=spec',
    `--test-concurrency=${phase.concurrency}`,
    ...(userTimeout ? [] : [`--test-timeout=${fileTimeoutMs(phase)}`]),
    ...nodeFlags,
    ...files,
  ];
  const { child, done } = startForeground(process.execPath, args, { env, stdout: 'pipe' });
  const counts = collectCounts(child.stdout);
  const code = await done;
  const passed = counts.pass ?? 0;
  let failed = (counts.fail ?? 0) + (counts.cancelled ?? 0);
  if (code !== 0 && failed === 0) {
    // The runner itself failed (crash, bad flag): count it, so the summary never reads "0 failed".
    warn(`node --test exited with code ${code} without reporting a failed test; counting the phase as 1 failure`);
    failed = 1;
  }
  return { passed, failed, skipped: (counts.skipped ?? 0) + (counts.todo ?? 0), ok: code === 0 && failed === 0 };
}

async function runLint(env) {
  const npm = which('npm') ?? join(dirname(process.execPath), 'npm');
  const code = await run(npm, ['run', 'lint'], { env });
  if (code !== 0) throw new Error(`npm run lint exited with code ${code}`);
}

/**
 * `args`: words are file filters (substring of the compiled path, or the .ts source path);
 * words starting with "-" go to `node --test` (e.g. --test-name-pattern=dedup).
 */
export async function runTests(args, extraEnv) {
  const filters = args.filter((a) => !a.startsWith('-'));
  const nodeFlags = args.filter((a) => a.startsWith('-'));
  const env = {
    ...baseEnv({ LOG_LEVEL: 'warn', ...process.env }), // quiet services in tests unless asked
    ...extraEnv,
    HERALD_TEST_RUN_ID: process.env.HERALD_TEST_RUN_ID || `t${randomBytes(4).toString('hex')}`,
  };
  if (process.stdout.isTTY && !process.env.NO_COLOR) env.FORCE_COLOR ??= '1'; // we pipe the reporter but want its colours
  info(`HERALD_TEST_RUN_ID=${env.HERALD_TEST_RUN_ID}`);

  let lintOk = true;
  if (filters.length > 0) {
    info('lint skipped because file filters were given (run `npm run lint` for it)');
  } else {
    lintOk = await step('lint', () => runLint(env)).then(() => true, () => false);
  }

  const phases = PHASES.map((phase) => ({ phase, files: findTestFiles(phase, filters) }));
  if (filters.length > 0 && phases.every((p) => p.files.length === 0)) {
    console.log(`no compiled test file matches ${filters.join(' ')}`);
    console.log('0 passed, 1 failed');
    return 1;
  }

  const total = { passed: 0, failed: 0, skipped: 0, ok: lintOk };
  for (const { phase, files } of phases) {
    if (files.length === 0) {
      const where = `${phase.roots.join(', ')}: *${phase.suffix} under dist/`;
      info(`${phase.name}: ${filters.length > 0 ? 'no file matches the filters' : 'no test files found'} (${where})`);
      continue;
    }
    const result = await step(`${phase.name} (${files.length} files, concurrency ${phase.concurrency})`, () => runPhase(phase, files, nodeFlags, env));
    total.passed += result.passed;
    total.failed += result.failed;
    total.skipped += result.skipped;
    total.ok &&= result.ok;
  }

  if (!lintOk) console.log(paint('red', '✗ lint failed (see its output above)'));
  if (total.passed + total.failed === 0) warn('no tests ran');
  // The closing line CI reads: alone on its line, no colour.
  console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
  return total.ok ? 0 : 1;
}
