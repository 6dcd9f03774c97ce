import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { SERVICES } from './lib/manifests.js';
import { asObj, readText, ROOT } from './lib/objects.js';
import { SERVICE_RUNTIME_ENV } from '../support/stack.js';

interface Instruction {
  readonly op: string;
  readonly args: string;
}

interface Stage {
  readonly from: string;
  readonly name: string | undefined;
  readonly instructions: Instruction[];
}

/** Dockerfile → stages of instructions (line continuations joined, comments dropped). */
function parseDockerfile(text: string): { args: Map<string, string>; stages: Stage[] } {
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op = '', rest = ''] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    const upper = op.toUpperCase();
    if (upper === 'FROM') {
      const [, image = '', name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest) ?? [];
      stages.push({ from: image, name, instructions: [] });
    } else if (stages.length === 0 && upper === 'ARG') {
      const [key = '', value = ''] = rest.split('=');
      args.set(key, value);
    } else {
      stages.at(-1)?.instructions.push({ op: upper, args: rest });
    }
  }
  return { args, stages };
}

/** Docker's .dockerignore semantics: Go-style globs with **, later `!` lines re-include, a match on a parent excludes the children. */
function dockerignore(text: string): (path: string) => boolean {
  const rules = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const pattern = (negate ? l.slice(1) : l).replace(/^\/+/, '').replace(/\/+$/, '');
      const source = pattern
        .split('/')
        .map((part) => (part === '**' ? '(?:.*)' : part.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')))
        .join('/')
        .replace(/\(\?:\.\*\)\//g, '(?:.*/)?');
      return { negate, regex: new RegExp(`^${source}$`) };
    });
  return (path) => {
    const parts = path.split('/');
    let excluded = false;
    for (const rule of rules) {
      const matches = parts.some((_, i) => rule.regex.test(parts.slice(0, i + 1).join('/')));
      if (matches) excluded = !rule.negate;
    }
    return excluded;
  };
}

/** Files under dir (relative to ROOT), skipping node_modules and .git. */
function walk(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.git') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, found);
    else found.push(relative(ROOT, path));
  }
  return found;
}

/** Bare module specifiers a compiled service loads, following its relative imports and @herald/* workspaces. */
function runtimeImports(entry: string): Map<string, string> {
  const bare = new Map<string, string>();
  const seen = new Set<string>();
  const queue = [entry];
  const pattern = /(?:^|[;\s])(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|(?:^|[;\s])import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  while (queue.length > 0) {
    const file = queue.pop() ?? '';
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(pattern)) {
      const spec = match[1] ?? match[2] ?? match[3] ?? '';
      if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec));
      else if (spec.startsWith('@herald/')) {
        const dir = join(ROOT, spec.startsWith('@herald/') && existsSync(join(ROOT, 'libs', spec.slice(8))) ? 'libs' : 'apps', spec.slice(8));
        const pkg = asObj(JSON.parse(readText(join(dir, 'package.json'))) as unknown, `${spec} package.json`);
        queue.push(resolve(dir, typeof pkg.main === 'string' ? pkg.main : 'index.js'));
      } else bare.set(spec, relative(ROOT, file));
    }
  }
  return bare;
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec);
}

describe('container image (Dockerfile, .dockerignore)', () => {
  const { args, stages } = parseDockerfile(readText(join(ROOT, 'Dockerfile')));
  const runtime = stages.at(-1);
  const stage = (name: string): Stage => {
    const found = stages.find((s) => s.name === name);
    assert.ok(found, `no stage ${name}`);
    return found;
  };

  it('is multi-stage on Node 24; the runtime stage is last and runs as a non-root user', () => {
    assert.match(args.get('NODE_IMAGE') ?? '', /^node:24[.-]/);
    assert.ok(stages.every((s) => s.from === '${NODE_IMAGE}'), 'every stage starts from the Node 24 image');
    assert.ok(stages.length >= 3);
    assert.equal(runtime?.name, 'runtime');
    const users = runtime.instructions.filter((i) => i.op === 'USER');
    assert.equal(users.length, 1);
    const [uid = '', gid = ''] = (users[0]?.args ?? '').split(':');
    assert.ok(/^\d+$/.test(uid) && Number(uid) > 0 && /^\d+$/.test(gid) && Number(gid) > 0, 'a numeric non-root UID:GID (runAsNonRoot can check it)');
    // Nothing after USER writes to the image as root.
    const afterUser = runtime.instructions.slice(runtime.instructions.findIndex((i) => i.op === 'USER'));
    assert.ok(!afterUser.some((i) => i.op === 'RUN' || i.op === 'COPY'));
  });

  it('the runtime stage holds production dependencies and compiled output only', () => {
    const deps = stage('deps');
    assert.ok(deps.instructions.some((i) => i.op === 'RUN' && /npm ci\b.*--omit=dev/.test(i.args)), 'npm ci --omit=dev');
    const copies = runtime?.instructions.filter((i) => i.op === 'COPY') ?? [];
    for (const copy of copies) {
      const from = /--from=(\S+)/.exec(copy.args)?.[1];
      if (from) assert.ok(['deps', 'build'].includes(from), `runtime copies from ${from}`);
      else assert.match(copy.args, /^deploy\/docker\/healthcheck\.mjs /, `runtime copies ${copy.args} from the context`);
    }
    const build = stage('build');
    const compile = build.instructions.find((i) => i.op === 'RUN' && i.args.includes('tsc -b'));
    assert.ok(compile, 'the build stage compiles');
    for (const service of SERVICES) assert.ok(compile.args.includes(`apps/${service}`), `the build compiles ${service}`);
    // Every apps/* folder's dist/ is copied out, so each must be built: the gateway, the CLI and the console too.
    for (const app of ['gateway', 'cli']) assert.ok(compile.args.includes(`apps/${app}`), `the build compiles ${app}`);
    assert.match(compile.args, /vite build apps\/console/, 'the build bundles the console');
    assert.match(compile.args, /-name '\*\.spec\.js'/, 'test files are left out of /out');
  });

  it('starts any of the five services by its command (ingestion by default), with a health check that exists', () => {
    const entrypoint = runtime?.instructions.find((i) => i.op === 'ENTRYPOINT');
    assert.deepEqual(JSON.parse(entrypoint?.args ?? 'null'), ['node']);
    const cmd = JSON.parse(runtime?.instructions.find((i) => i.op === 'CMD')?.args ?? 'null') as unknown;
    assert.deepEqual(cmd, ['apps/ingestion/dist/main.js']);
    for (const service of SERVICES) assert.ok(existsSync(join(ROOT, 'apps', service, 'dist', 'main.js')));
    const health = runtime?.instructions.find((i) => i.op === 'HEALTHCHECK');
    assert.match(health?.args ?? '', /deploy\/docker\/healthcheck\.mjs/);
    assert.ok(existsSync(join(ROOT, 'deploy', 'docker', 'healthcheck.mjs')));
  });

  it('runs every service with the Node and malloc settings npm start and the tests use (deploy/service-runtime.json)', () => {
    const env = new Map<string, string>();
    for (const instruction of runtime?.instructions.filter((i) => i.op === 'ENV') ?? []) {
      for (const [, key = '', quoted, bare] of instruction.args.matchAll(/(\w+)=(?:"([^"]*)"|(\S+))/g)) env.set(key, quoted ?? bare ?? '');
    }
    const expected = SERVICE_RUNTIME_ENV;
    assert.ok(Object.keys(expected).length > 0);
    for (const [key, value] of Object.entries(expected)) assert.equal(env.get(key), value, `ENV ${key}`);
    assert.match(expected.NODE_OPTIONS ?? '', /--max-old-space-size=\d+/, 'the heap is capped, so its growing factor is small');
    assert.match(expected.NODE_OPTIONS ?? '', /--v8-pool-size=1(\s|$)/, "one V8 worker thread: a collection's helpers do not queue behind other processes on a small host");
  });

  it('.dockerignore sends the sources the build needs and leaves out node_modules, dist, tests and local state', () => {
    const ignored = dockerignore(readText(join(ROOT, '.dockerignore')));
    const needed = [
      'package.json',
      'package-lock.json',
      'tsconfig.base.json',
      'deploy/docker/healthcheck.mjs',
      ...['libs', 'apps'].flatMap((root) =>
        readdirSync(join(ROOT, root)).flatMap((pkg) => [`${root}/${pkg}/package.json`, `${root}/${pkg}/tsconfig.json`, ...walk(join(ROOT, root, pkg, 'src')).filter((f) => !f.endsWith('.spec.ts'))]),
      ),
    ];
    assert.deepEqual(needed.filter(ignored), [], 'files the build reads are excluded');
    for (const path of ['node_modules/x/index.js', 'libs/contracts/dist/index.js', 'apps/ingestion/node_modules/y', '.git/HEAD', '.herald/nats/x', 'test/e2e/a.test.ts', 'deploy/k8s/base/nats.yaml', 'apps/dispatch/src/a.spec.ts']) {
      assert.ok(ignored(path), `${path} should not be sent to the build`);
    }
    // Every context path the Dockerfile copies exists and is sent.
    for (const s of stages) {
      for (const copy of s.instructions.filter((i) => i.op === 'COPY' && !i.args.includes('--from='))) {
        const sources = copy.args.split(/\s+/).filter((a) => !a.startsWith('--')).slice(0, -1);
        for (const source of sources) {
          if (source === '.') continue;
          const path = source.replace(/\/$/, '');
          assert.ok(existsSync(join(ROOT, path)), `COPY ${source}: missing`);
          assert.ok(!ignored(path) || statSync(join(ROOT, path)).isDirectory(), `COPY ${source}: excluded by .dockerignore`);
        }
      }
    }
  });

  for (const service of SERVICES) {
    it(`${service}: everything its compiled code imports is a production dependency (npm ci --omit=dev installs it)`, () => {
      const root = asObj(JSON.parse(readText(join(ROOT, 'package.json'))) as unknown, 'package.json');
      const production = new Set(Object.keys(asObj(root.dependencies ?? {}, 'dependencies')));
      const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
      const imports = runtimeImports(join(ROOT, 'apps', service, 'dist', 'main.js'));
      assert.ok(imports.size > 3, `found only ${imports.size} imports`);
      const missing = [...imports].filter(([spec]) => !builtins.has(spec) && !builtins.has(spec.split('/')[0] ?? '') && !production.has(packageName(spec)));
      assert.deepEqual(missing.map(([spec, file]) => `${spec} (imported by ${file})`), []);
    });
  }
});
