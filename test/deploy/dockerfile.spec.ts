// deploy/Dockerfile, read without a Docker engine: one target per app holding only that app, run as
// a numeric non-root user from production dependencies; the console inside the gateway image.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stage, stageNamed, stages } from './dockerfile-stages';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SERVICES } = require('../../deploy/nats-authorization.js') as { SERVICES: string[] };

const ROOT = join(__dirname, '..', '..');
/** The flags every app runs with (npm start and the benches read the same file). */
const APP_NODE_FLAGS = JSON.parse(readFileSync(join(ROOT, 'scripts', 'app-node-flags.json'), 'utf8')) as string[];
const APPS = ['gateway', ...SERVICES];

describe('deploy/Dockerfile', () => {
  const all = stages();
  const stage = (name: string): Stage => stageNamed(all, name);

  it('keeps the apps\' Node flags in one list, with the memory reducer off (docs/operations.md, "Node flags")', () => {
    expect(APP_NODE_FLAGS).toContain('--no-memory-reducer');
    for (const flag of APP_NODE_FLAGS) expect(flag).toMatch(/^--[a-z][a-z0-9-]*(=\S+)?$/);
  });

  it.each(APPS)('%s: a target of its own holding only its app, started by its entry point with the apps\' Node flags', (app) => {
    const target = stage(app);
    expect(target.from).toBe('runtime');
    const appCopies = target.lines.filter((line) => line.startsWith('COPY') && line.includes('dist/apps'));
    expect(appCopies).toEqual([`COPY --from=build /src/dist/apps/${app} ./dist/apps/${app}`]);
    expect(target.lines).toContain(`CMD [${['node', ...APP_NODE_FLAGS, `dist/apps/${app}/src/main.js`].map((arg) => JSON.stringify(arg)).join(', ')}]`);
    expect(target.lines.filter((line) => line.startsWith('USER'))).toEqual([]);
  });

  it('runs as a numeric non-root user, with production dependencies only', () => {
    const runtime = stage('runtime');
    const user = runtime.lines.filter((line) => line.startsWith('USER ')).at(-1);
    expect(user).toMatch(/^USER [1-9]\d*:[1-9]\d*$/);
    expect(runtime.lines).toContain('COPY --from=production-dependencies /app/node_modules ./node_modules');
    expect(stage('production-dependencies').lines.join('\n')).toMatch(/npm ci --omit=dev/);
    expect(runtime.lines.join('\n')).not.toMatch(/COPY --from=build \/src\/node_modules/);
  });

  it('puts the staff console in the gateway image only, and builds the gateway when no target is named', () => {
    expect(stage('gateway').lines).toContain('COPY --from=build /src/dist/console ./dist/console');
    expect(all.filter((s) => s.lines.some((line) => line.includes('dist/console ')))).toHaveLength(1);
    expect(all.at(-1)?.name).toBe('gateway');
  });

  it('gives identity the data files it reads at run time', () => {
    const copies = stage('identity').lines.filter((line) => line.startsWith('COPY apps/'));
    expect(copies).toEqual(['COPY apps/identity/src/accounts/password-policy/*.txt ./apps/identity/src/accounts/password-policy/']);
    for (const file of ['common-passwords.txt', 'common-words.txt']) expect(existsSync(join(ROOT, 'apps/identity/src/accounts/password-policy', file))).toBe(true);
  });

  it("gives mentorship a Han font for Chinese names on certificates, and tells it where", () => {
    const mentorship = stage('mentorship').lines;
    const copy = mentorship.find((line) => line.startsWith('COPY --from=cjk-font'));
    const destination = copy?.split(' ').at(-1);
    expect(destination).toMatch(/\.ttc$/);
    expect(mentorship.join('\n')).toContain(`CERTIFICATE_CJK_FONT=${destination}`);
    expect(mentorship.join('\n')).toMatch(/CERTIFICATE_CJK_FAMILY=NotoSansCJKsc-Regular/);
    expect(stage('cjk-font').lines.join('\n')).toMatch(/apt-get install .*fonts-noto-cjk/);
  });

  it('keeps dependencies, build output, data and Git out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', 'dist', '.data', '.git']) expect(ignored).toContain(entry);
  });
});
