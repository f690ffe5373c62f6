/**
 * `npm start` as a developer runs it: scripts/start.js finds PostgreSQL and NATS, starts every service
 * and the gateway, waits until the gateway is ready and prints where everything is; the admin it seeds
 * signs in; Ctrl-C (SIGTERM here) stops every app and start.js exits 0. It runs the build `npm test` has
 * just made (WEOP_START_BUILD=skip) on names of its own: a database prefix, a NATS namespace and ports.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { suiteScope } from '@weop/testing';
import type { SuiteScope } from '@weop/testing';
import { client } from './support/http';

const ROOT = join(__dirname, '..');
const SERVICES = ['identity', 'content', 'trust-safety', 'awards', 'mentorship', 'community'];
const ADMIN = { email: 'start-admin@weop.test', password: 'Start-smoke-Khiva-2026' };
/** The flags every app runs with as deployed (docs/operations.md, "Node flags"). */
const APP_NODE_FLAGS = JSON.parse(readFileSync(join(ROOT, 'scripts', 'app-node-flags.json'), 'utf8')) as string[];

/** The command lines of the processes whose parent is `pid`, from Linux's /proc. */
function childCommandLines(pid: number): string[][] {
  const lines: string[][] = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after its closing parenthesis.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) lines.push(readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean));
    } catch {
      // the process ended while we read it
    }
  }
  return lines;
}

const portIsFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, exclusive: true }, () => probe.close(() => resolve(true)));
  });

/** A run of `count` free ports, away from the usual ones (3000, 3101…) so a developer's own `npm start` may keep running. */
async function freePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    const ports = Array.from({ length: count }, (_, i) => base + i);
    if ((await Promise.all(ports.map(portIsFree))).every(Boolean)) return base;
  }
  throw new Error('no run of free ports found');
}

describe('npm start (scripts/start.js)', () => {
  let scope: SuiteScope;
  let start: ChildProcess | undefined;
  let output = '';
  let exited: Promise<number | null>;

  beforeAll(async () => {
    scope = await suiteScope('start');
    // Created here so that cleanup drops them; each service migrates its own on start.
    for (const service of SERVICES) await scope.database(service);
  });

  afterAll(async () => {
    if (start && start.exitCode === null) {
      start.kill('SIGKILL');
      await exited;
    }
    await scope.cleanup();
  });

  it('starts every app, prints where they are, serves the API and stops them all on SIGTERM', async () => {
    const base = await freePorts(SERVICES.length + 1);
    const gatewayPort = base + SERVICES.length;
    start = spawn(process.execPath, ['scripts/start.js'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(gatewayPort),
        HEALTH_PORT_BASE: String(base),
        WEOP_START_BUILD: 'skip',
        DATABASE_URL: scope.databaseServerUrl,
        WEOP_DATABASE_PREFIX: scope.databasePrefix,
        NATS_URL: scope.natsUrl,
        WEOP_NATS_NAMESPACE: scope.namespace,
        WEOP_ADMIN_EMAIL: ADMIN.email,
        WEOP_ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: 'warn',
        FORCE_COLOR: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    start.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    start.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited = new Promise((resolve) => start!.once('exit', (code) => resolve(code)));

    const deadline = Date.now() + 150_000;
    while (!output.includes('WEOP is ready.')) {
      if (start.exitCode !== null) throw new Error(`start.js exited with ${start.exitCode}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`not ready within 150 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(output).toContain(`API base      http://localhost:${gatewayPort}/api/v1`);
    expect(output).toContain(`API docs      http://localhost:${gatewayPort}/api/docs`);
    expect(output).toContain(`Admin login   ${ADMIN.email}`);
    expect(output).not.toContain(ADMIN.password);

    const api = client(`http://127.0.0.1:${gatewayPort}`);
    const ready = await api('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.services as Record<string, string>).sort()).toEqual([...SERVICES].sort());
    expect(Object.values(ready.body.services as Record<string, string>).every((s) => s === 'up')).toBe(true);
    const login = await api('POST', '/api/v1/auth/login', { body: ADMIN });
    expect(login.status).toBe(200);
    expect(login.body.account.roles).toContain('admin');
    expect((await api('GET', '/api/docs-json')).status).toBe(200);

    // Every app runs with the apps' Node flags, before its entry point (node reads its own flags there only).
    const apps = childCommandLines(start.pid!).filter((argv) => argv.some((arg) => arg.endsWith('/src/main.js')));
    expect(apps.map((argv) => argv.find((arg) => arg.endsWith('/src/main.js'))!.split('/').at(-3)).sort()).toEqual([...SERVICES, 'gateway'].sort());
    for (const argv of apps) {
      const entry = argv.findIndex((arg) => arg.endsWith('/src/main.js'));
      expect(argv.slice(1, entry)).toEqual(expect.arrayContaining(APP_NODE_FLAGS));
    }

    start.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('Stopped.');
    // Every app is gone: the gateway's port and each service's health port are free again.
    expect(await Promise.all([gatewayPort, ...SERVICES.map((_, i) => base + i)].map(portIsFree))).toEqual(Array(SERVICES.length + 1).fill(true));
  }, 240_000);
});
