#!/usr/bin/env node
// Herald's developer entry point, behind `npm start`, `npm test`, `npm run bench` and
// `npm run setup`. Plain Node with built-ins only: it runs before `npm install` has.
//
//   node scripts/herald.mjs setup            dependencies, build, NATS + PostgreSQL
//   node scripts/herald.mjs start            setup, then run the five services and the gateway
//   node scripts/herald.mjs test [filters]   setup, lint, every test; prints "N passed, M failed"
//   node scripts/herald.mjs bench [args]     setup, then test/dist/bench/bench.js

const MIN_NODE = [20, 19];

/** Checked before loading anything else, so an old Node gets this message, not a syntax error. */
function checkNodeVersion() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1])) return true;
  console.error(
    `error: Herald needs Node.js ${MIN_NODE.join('.')} or newer; this is ${process.version} (${process.execPath}).\n` +
      'fix:   install Node 20.19+ (e.g. `nvm install 20`, or the nodejs.org / NodeSource package) and re-run.',
  );
  return false;
}

const USAGE = `usage: node scripts/herald.mjs <command> [args]
  build           compile everything, bundle the console                           (npm run build)
  setup           install dependencies, build, make sure NATS and PostgreSQL run   (npm run setup)
  start           setup, then run Herald (five services + gateway); Ctrl-C stops  (npm start)
  test [filter…]  setup, lint, then every test; filters pick test files by path   (npm test -- <filter>)
  bench [args…]   setup, then run the benchmark                                   (npm run bench)
environment: NATS_URL, DATABASE_URL, LOG_LEVEL, HERALD_ADMIN_TOKEN, <SERVICE>_PORT (see scripts/lib/services.mjs)`;

async function main(argv) {
  const [command, ...args] = argv;
  const { step, reportError, info, formatDuration, HeraldError } = await import('./lib/ui.mjs');
  const { baseEnv } = await import('./lib/services.mjs');
  const started = performance.now();
  const env = baseEnv();

  async function setup({ testTools = false } = {}) {
    const { ensureDependencies } = await import('./lib/deps.mjs');
    const { build } = await import('./lib/build.mjs');
    await step('dependencies', ensureDependencies);
    await step('build', build);
    // infra.mjs imports nothing from node_modules, but is loaded late to keep `--help` instant.
    const { ensureInfrastructure } = await import('./lib/infra.mjs');
    const extraEnv = await ensureInfrastructure(env, { testTools });
    info(`setup done in ${formatDuration(performance.now() - started)}`);
    return extraEnv;
  }

  try {
    switch (command) {
      case 'build': {
        const { build } = await import('./lib/build.mjs');
        await step('build', build);
        return 0;
      }
      case 'setup':
        await setup();
        console.log('next: `npm start` to run Herald, `npm test` to run the tests');
        return 0;
      case 'start': {
        await setup();
        const { runServices } = await import('./lib/supervisor.mjs');
        return await runServices(env);
      }
      case 'test': {
        const extraEnv = await setup({ testTools: true });
        const { runTests } = await import('./lib/testrun.mjs');
        const code = await runTests(args, extraEnv);
        info(`total ${formatDuration(performance.now() - started)}`);
        return code;
      }
      case 'bench': {
        await setup();
        const { runBench } = await import('./lib/bench.mjs');
        return await runBench(args, env);
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return command === undefined ? 1 : 0;
      default:
        throw new HeraldError(`unknown command "${command}"`, USAGE);
    }
  } catch (error) {
    reportError(error);
    return 1;
  }
}

if (!checkNodeVersion()) process.exit(1);
process.exitCode = await main(process.argv.slice(2));
