/**
 * A private nats-server (JetStream on, a temporary store) configured with the deployment's NATS users
 * (deploy/k8s/base/nats/auth.conf), for tests that prove the permissions: each user's password is
 * known to the test, and `urlFor(user)` is the NATS_URL that app would get from its Secret.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';

export interface NatsUser {
  user: string;
  password: string;
  publish: string[];
  denyPublish?: string[];
  subscribe: string[];
}

// A plain Node script (auth.conf is regenerated without a build), so it is required, not imported.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const authorization = require('../../deploy/nats-authorization.js') as {
  SERVICES: string[];
  /** Requests a service sends another service, by the sending service. */
  SERVICE_REQUESTS: Partial<Record<string, string[]>>;
  OPS_REQUESTS: string;
  FILE_TRANSFER_APPS: string[];
  OPERATOR: string;
  DEAD_LETTER_STREAM_OWNER: string;
  /** A producer's stream, as Naming.stream names it with no namespace. */
  streamOf(producer: string): string;
  /** As Naming.durable names a consumer's durable. */
  durableOf(service: string, subject: string): string;
  /** What each app consumes, read from its code: durables (@OnEvent) and live feeds (subscribeLive). */
  consumption(apps: string[]): Record<string, { durable: string[]; live: string[] }>;
  natsUsers(): NatsUser[];
  renderAuthorization(): string;
};

export const AUTH_CONF = join(__dirname, '..', '..', 'deploy', 'k8s', 'base', 'nats', 'auth.conf');

export interface NatsWithUsers {
  url: string;
  /** The password this server knows `user` by. */
  passwordOf(user: string): string;
  /** `nats://<user>:<password>@127.0.0.1:<port>`, as the app's Secret gives it. */
  urlFor(user: string): string;
  /** What the server logged as refused (publish or subscribe permission violations), so far. */
  violations(): string[];
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The nats-server binary on this machine, or a clear error. */
export function natsServerBinary(): string {
  const binary = process.env.NATS_SERVER_BIN ?? ['/usr/sbin/nats-server', '/usr/local/bin/nats-server', '/usr/bin/nats-server'].find((path) => existsSync(path));
  if (!binary) {
    throw new Error('nats-server not found (looked in /usr/sbin, /usr/local/bin, /usr/bin; or set NATS_SERVER_BIN). On Debian: apt-get install nats-server.');
  }
  return binary;
}

const passwordOf = (user: string): string => `test-password-of-${user}`;

/** The environment the NATS cluster's pods give the server: a password per user (Secret weop-nats-users). */
export function passwordEnvironment(): Record<string, string> {
  return Object.fromEntries(authorization.natsUsers().map((u) => [u.password, passwordOf(u.user)]));
}

export async function startNatsWithUsers(): Promise<NatsWithUsers> {
  const binary = natsServerBinary();
  const workDir = mkdtempSync(join(tmpdir(), 'weop-nats-users-'));
  writeFileSync(join(workDir, 'auth.conf'), readFileSync(AUTH_CONF));
  const port = await freePort();
  writeFileSync(join(workDir, 'nats.conf'), `listen: "127.0.0.1:${port}"\njetstream { store_dir: "${join(workDir, 'js')}" }\ninclude "auth.conf"\n`);
  const env = { ...process.env, ...passwordEnvironment() };
  const server: ChildProcess = spawn(binary, ['-c', join(workDir, 'nats.conf')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const violations: string[] = [];
  let pending = '';
  server.stderr?.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('utf8')).split('\n');
    pending = lines.pop() ?? '';
    violations.push(...lines.filter((line) => /violation/i.test(line)));
  });
  const url = `nats://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill();
      await exited;
    }
    rmSync(workDir, { recursive: true, force: true });
  };
  for (let attempt = 0; ; attempt++) {
    try {
      await (await connect({ servers: url, user: authorization.OPERATOR, pass: passwordOf(authorization.OPERATOR) })).close();
      break;
    } catch (error) {
      if (attempt > 50 || server.exitCode !== null) {
        await stop();
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { url, passwordOf, urlFor: (user) => `nats://${user}:${passwordOf(user)}@127.0.0.1:${port}`, violations: () => [...violations], stop };
}
