// What each image of deploy/Dockerfile holds, rebuilt without a Docker engine: the build stage's
// compile and clean-up run into a temporary directory, then exactly the paths each target's COPY lines
// take are copied into an image directory of its own (node_modules linked in for the production
// dependencies). In there the operators' command line runs, every module the image's code requires
// resolves (to a file in the image or to a production dependency), and no test code is left.
import { execFileSync, spawnSync } from 'node:child_process';
import { builtinModules, createRequire } from 'node:module';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { chain, stageNamed, stages } from './dockerfile-stages';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SERVICES } = require('../../deploy/nats-authorization.js') as { SERVICES: string[] };

const ROOT = join(__dirname, '..', '..');
const APPS = ['gateway', ...SERVICES];
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; dependencies: Record<string, string> };

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) return [];
    return entry.isDirectory() ? files(path) : [path];
  });
}

/** `COPY [--from=stage] src… dest` → its parts (no other flags are used in deploy/Dockerfile). */
function parseCopy(line: string): { from?: string; sources: string[]; destination: string } {
  const words = line.split(/\s+/).slice(1);
  const from = words[0].startsWith('--from=') ? words.shift()?.slice('--from='.length) : undefined;
  if (words.some((word) => word.startsWith('--'))) throw new Error(`a COPY flag this spec does not model: ${line}`);
  const destination = words.pop() ?? '';
  return { from, sources: words, destination };
}

/** A build-context source, with a `*` in its last part expanded as Docker does. */
function contextSources(pattern: string): string[] {
  if (!basename(pattern).includes('*')) return [join(ROOT, pattern)];
  const matcher = new RegExp(`^${basename(pattern).split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return readdirSync(join(ROOT, dirname(pattern))).filter((name) => matcher.test(name)).map((name) => join(ROOT, dirname(pattern), name));
}

describe('deploy/Dockerfile: what each image holds', () => {
  const all = stages();
  const work = mkdtempSync(join(tmpdir(), 'weop-image-'));
  const buildDir = join(work, 'src');
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  beforeAll(() => {
    // The build stage: `npm run build` is swc for the server code (into dist/) and Vite for the
    // console; the console's files are not code any app requires, so an empty dist/console stands in.
    const build = stageNamed(all, 'build').lines;
    expect(build).toContain('RUN npm run build');
    const swc = PACKAGE.scripts.build.split('&&')[0].trim();
    expect(swc).toMatch(/^swc .* -d dist /);
    execFileSync('sh', ['-c', `npx ${swc.replace(' -d dist ', ` -d ${JSON.stringify(join(buildDir, 'dist'))} `)}`], { cwd: ROOT, stdio: 'pipe' });
    mkdirSync(join(buildDir, 'dist', 'console'), { recursive: true });
    // Then every RUN after it (the clean-up), as the Dockerfile writes it, in the build directory.
    for (const line of build.slice(build.indexOf('RUN npm run build') + 1)) {
      if (line.startsWith('RUN ')) execFileSync('sh', ['-c', line.slice(4)], { cwd: buildDir, stdio: 'pipe' });
    }
  }, 120_000);

  /** The image directory of one target: every COPY of its stages, in order, relative to WORKDIR /app. */
  function image(app: string): string {
    const dir = join(work, app);
    if (existsSync(dir)) return dir;
    mkdirSync(dir);
    for (const stage of chain(all, app)) {
      for (const line of stage.lines.filter((l) => l.startsWith('COPY '))) {
        const { from, sources, destination } = parseCopy(line);
        if (from === 'cjk-font') continue; // a font file from Debian, not code (dockerfile.spec.ts checks it)
        if (from === 'production-dependencies') {
          expect(`${sources.join(' ')} ${destination}`).toBe('/app/node_modules ./node_modules');
          symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
          continue;
        }
        if (from !== undefined && from !== 'build') throw new Error(`COPY from a stage this spec does not model: ${line}`);
        const resolved = from === 'build' ? sources.map((source) => join(buildDir, relative('/src', source))) : sources.flatMap(contextSources);
        const target = join(dir, destination);
        for (const source of resolved) {
          expect(existsSync(source)).toBe(true);
          // Docker: a directory's contents go to the destination; a file goes into a destination ending in /.
          const into = statSync(source).isDirectory() || !destination.endsWith('/') ? target : join(target, basename(source));
          cpSync(source, into, { recursive: true });
        }
      }
    }
    return dir;
  }

  it.each(APPS)('%s: the operators’ command line runs in its image', (app) => {
    const result = spawnSync('node', ['dist/scripts/weop-cli.js', '--help'], { cwd: image(app), encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/dead-letters list/);
    expect(result.stdout).toMatch(/reconcile/);
  });

  it.each(APPS)('%s: every module its code requires is in its image or a production dependency', (app) => {
    const dir = image(app);
    expect(existsSync(join(dir, `dist/apps/${app}/src/main.js`))).toBe(true);
    const unresolved: string[] = [];
    const notProduction = new Set<string>();
    for (const file of files(join(dir, 'dist')).filter((f) => f.endsWith('.js'))) {
      const source = readFileSync(file, 'utf8');
      for (const [, specifier] of source.matchAll(/\brequire\("([^"]+)"\)/g)) {
        if (builtinModules.includes(specifier.replace(/^node:/, '').split('/')[0])) continue;
        try {
          createRequire(file).resolve(specifier);
        } catch {
          unresolved.push(`${relative(dir, file)}: ${specifier}`);
          continue;
        }
        if (!specifier.startsWith('.')) {
          const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
          if (!(name in PACKAGE.dependencies)) notProduction.add(name);
        }
      }
    }
    expect(unresolved).toEqual([]);
    expect([...notProduction]).toEqual([]);
  });

  it.each(APPS)('%s: holds no test code, and no other app', (app) => {
    const dir = image(app);
    const found = files(join(dir, 'dist')).map((f) => relative(dir, f));
    expect(found.filter((f) => /[.-]spec\.js(\.map)?$/.test(f) || f.startsWith('dist/libs/testing/') || /^dist\/libs\/[^/]+\/test\//.test(f))).toEqual([]);
    expect(readdirSync(join(dir, 'dist', 'apps'))).toEqual([app]);
  });

  it('the clean-up leaves out test code only (every source file but specs and test helpers is built)', () => {
    const built = new Set(files(join(buildDir, 'dist')).map((f) => relative(join(buildDir, 'dist'), f)));
    expect(built.has('scripts/cli/reconcile.js')).toBe(true);
    expect(built.has('scripts/cli/reconcile.spec.js')).toBe(false);
    expect(built.has('libs/messaging/src/index.js')).toBe(true);
    expect([...built].some((f) => f.startsWith('libs/testing/'))).toBe(false);
  });
});
