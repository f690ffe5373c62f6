/**
 * The apps as operators run them: separate processes from the build, replicas in a queue group, a
 * replica killed with SIGKILL, the gateway restarted, a diagnostic report asked of live apps. Needs
 * `npm run build` (npm test runs it).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { eventually, suiteScope } from '@weop/testing';
import type { SuiteScope } from '@weop/testing';
import { given } from './support/given';
import { client } from './support/http';
import type { Api } from './support/http';

const ROOT = join(__dirname, '..');
const entry = (app: string): string => join(ROOT, 'dist', 'apps', app, 'src', 'main.js');

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

describe('the apps as separate processes', () => {
  let scope: SuiteScope;
  let api: Api;
  let env: Record<string, string>;
  let reports: string;
  const running = new Set<ChildProcess>();

  const start = (app: string, extra: Record<string, string> = {}, nodeFlags: string[] = []): ChildProcess => {
    const child = spawn(process.execPath, [...nodeFlags, entry(app)], { env: { ...process.env, ...env, ...extra }, stdio: 'ignore' });
    running.add(child);
    child.on('exit', () => running.delete(child));
    return child;
  };
  const kill = async (child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill(signal);
    });
  };
  // Eight Node processes booting at once on two shared cores: readiness is given time, not measured here.
  const ready = () => eventually(async () => (await api('GET', '/health/ready')).status === 200, 45_000, 100);

  beforeAll(async () => {
    if (!['gateway', 'identity', 'content', 'trust-safety', 'awards', 'mentorship', 'community'].every((app) => existsSync(entry(app)))) {
      throw new Error('Build first: npm run build (npm test does it)');
    }
    scope = await suiteScope('procs');
    await scope.database('identity');
    await scope.database('content');
    await scope.database('trust-safety');
    await scope.database('awards');
    await scope.database('mentorship');
    await scope.database('community');
    const port = await freePort();
    env = {
      DATABASE_URL: scope.databaseServerUrl,
      WEOP_DATABASE_PREFIX: scope.databasePrefix,
      NATS_URL: scope.natsUrl,
      WEOP_NATS_NAMESPACE: scope.namespace,
      LOG_LEVEL: 'silent',
      HEALTH_PORT: '0',
      PORT: String(port),
      HOST: '127.0.0.1',
      WEOP_STORAGE_DIR: join(tmpdir(), `weop-test-blobs-${scope.id}`),
    };
    api = client(`http://127.0.0.1:${port}`);
    reports = await mkdtemp(join(tmpdir(), `weop-test-reports-${scope.id}-`));
  }, 30_000);

  afterAll(async () => {
    await Promise.all([...running].map((c) => kill(c)));
    await scope.cleanup();
    await rm(env.WEOP_STORAGE_DIR, { recursive: true, force: true });
    await rm(reports, { recursive: true, force: true });
  });

  it('serves through any replica, survives a replica killed mid-run and a gateway restart, and keeps serving through a diagnostic report', async () => {
    const first = start('identity');
    const second = start('identity');
    // Content as built (it loads ES-module dependencies through require, which only the real build shows).
    start('content');
    start('trust-safety');
    // The gateway's readiness asks every service by default, awards, mentorship and community included.
    start('awards');
    start('mentorship');
    start('community');
    let gateway = start('gateway');
    await ready();
    // Both replicas came up on the fresh database together (migrations, key, streams): neither exited.
    await new Promise((r) => setTimeout(r, 500));
    expect([first.exitCode, second.exitCode]).toEqual([null, null]);
    const the = given(api);
    const member = await the.member();

    // One replica dies without warning: the other answers every request (NATS queue group).
    await kill(first);
    for (let i = 0; i < 10; i++) {
      expect((await api('GET', '/api/v1/me', { token: member.accessToken })).status).toBe(200);
    }

    // None left: the gateway answers 503 at once, and says which service is down.
    await kill(second);
    const down = await api('GET', '/api/v1/me', { token: member.accessToken });
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect((await api('GET', '/health/ready')).body.services.identity).toBe('down');

    // Back: the same token works again. (With Node's diagnostic report on SIGUSR2, for the end of the test.)
    const diagnostics = ['--report-on-signal', `--report-directory=${reports}`];
    const third = start('identity', {}, diagnostics);
    await ready();
    expect((await api('GET', '/api/v1/me', { token: member.accessToken })).status).toBe(200);

    // The gateway is killed and restarted: it reloads keys and statuses and carries on.
    await kill(gateway);
    gateway = start('gateway', {}, diagnostics);
    await ready();
    expect((await api('GET', '/api/v1/me', { token: member.accessToken })).status).toBe(200);

    // An operator asks the live gateway and identity for a diagnostic report (SIGUSR2): each writes it and
    // goes on serving. Only SIGTERM, SIGINT and SIGHUP stop an app.
    for (const app of [gateway, third]) {
      app.kill('SIGUSR2');
      await eventually(async () => (await readdir(reports)).some((name) => name.includes(`.${app.pid}.`)), 15_000, 100);
    }
    await new Promise((r) => setTimeout(r, 1000));
    expect([gateway.exitCode, gateway.signalCode, third.exitCode, third.signalCode]).toEqual([null, null, null, null]);
    expect((await api('GET', '/api/v1/me', { token: member.accessToken })).status).toBe(200);
  }, 150_000);
});
