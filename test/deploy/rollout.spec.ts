// deploy/k8s/rollout.sh against a recording kubectl (kustomize is the real one): a service's migration
// Job runs and succeeds before its Deployment is applied, and a failed migration stops its rollout.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SERVICES } = require('../../deploy/nats-authorization.js') as { SERVICES: string[] };

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'deploy', 'k8s', 'rollout.sh');
const OVERLAY = join(ROOT, 'deploy', 'k8s', 'overlays', 'production');
const REAL_KUBECTL = (() => {
  try {
    return execFileSync('bash', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('kubectl is not installed: rollout.sh renders the overlay with `kubectl kustomize`. Install kubectl, then run this again.');
  }
})();

describe('deploy/k8s/rollout.sh', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'weop-rollout-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the script with a kubectl that records each call; `migration` decides what its Job reports. */
  function rollout(migration: 'succeeds' | 'fails', ...apps: string[]): { status: number | null; stderr: string; calls: string[] } {
    return rolloutOf(OVERLAY, migration, ...apps);
  }
  function rolloutOf(overlay: string, migration: 'succeeds' | 'fails', ...apps: string[]): { status: number | null; stderr: string; calls: string[] } {
    const log = join(dir, 'calls.log');
    const kubectl = join(dir, 'kubectl');
    writeFileSync(
      kubectl,
      `#!/usr/bin/env bash
[ "$1" = kustomize ] && exec "${REAL_KUBECTL}" "$@"
echo "$*" >> "${log}"
case "$*" in
  *"jsonpath={.status.succeeded}"*) [ "${migration}" = succeeds ] && echo 1 ;;
  *'type=="Failed"'*) [ "${migration}" = fails ] && echo True ;;
esac
exit 0
`,
    );
    chmodSync(kubectl, 0o755);
    const result = spawnSync('bash', [SCRIPT, overlay, ...apps], { env: { PATH: process.env.PATH ?? '', KUBECTL: kubectl }, encoding: 'utf8' });
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    return { status: result.status, stderr: result.stderr, calls };
  }

  it("rolls out one service alone: shared objects and NATS, its migration Job to success, then its Deployment", () => {
    const { status, calls } = rollout('succeeds', 'content');
    expect(status).toBe(0);
    const step = (pattern: RegExp): number => calls.findIndex((call) => pattern.test(call));
    const order = [
      step(/^apply -f \S+ -l app\.kubernetes\.io\/component notin \(service,migration\)$/),
      step(/rollout status statefulset\/weop-nats/),
      step(/delete job content-migrate/),
      step(/^apply -f \S+ -l app\.kubernetes\.io\/component=migration,app\.kubernetes\.io\/name=content$/),
      step(/get job content-migrate -o jsonpath=\{\.status\.succeeded\}/),
      step(/^apply -f \S+ -l app\.kubernetes\.io\/component=service,app\.kubernetes\.io\/name=content$/),
      step(/rollout status deployment\/content/),
    ];
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // No other app is touched.
    expect(calls.filter((call) => /name=(?!content)/.test(call))).toEqual([]);
  });

  it('stops before the Deployment when the migration fails', () => {
    const { status, stderr, calls } = rollout('fails', 'identity');
    expect(status).toBe(1);
    expect(stderr).toMatch(/identity: the migration Job did not succeed/);
    expect(calls.some((call) => call.includes('component=service'))).toBe(false);
  });

  it('rolls out every app when none is named, each service migrated first', () => {
    const { status, calls } = rollout('succeeds');
    expect(status).toBe(0);
    for (const service of SERVICES) {
      const migrated = calls.findIndex((call) => call.includes(`component=migration,app.kubernetes.io/name=${service}`));
      const deployed = calls.findIndex((call) => call.includes(`rollout status deployment/${service}`));
      expect(migrated).toBeGreaterThanOrEqual(0);
      expect(deployed).toBeGreaterThan(migrated);
    }
    expect(calls).toContainEqual(expect.stringMatching(/rollout status deployment\/gateway/));
  });

  it('rolls out the gateway without a migration Job (it has no database)', () => {
    const { status, calls } = rollout('succeeds', 'gateway');
    expect(status).toBe(0);
    expect(calls.some((call) => call.includes('migrate'))).toBe(false);
    expect(calls).toContainEqual(expect.stringMatching(/rollout status deployment\/gateway/));
  });

  it("rolls out the app an app's own overlay holds, and no other, when none is named", () => {
    const { status, calls } = rolloutOf(join(OVERLAY, 'content'), 'succeeds');
    expect(status).toBe(0);
    expect(calls).toContainEqual(expect.stringMatching(/component=migration,app\.kubernetes\.io\/name=content$/));
    expect(calls).toContainEqual(expect.stringMatching(/rollout status deployment\/content/));
    expect(calls.filter((call) => /deployment\/(?!content)|name=(?!content)/.test(call))).toEqual([]);
  });
});
