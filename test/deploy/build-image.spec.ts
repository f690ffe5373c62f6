// deploy/build-image.sh against a recording docker (no engine here): one app's image, built from its
// own target with its own version (apps/<app>/VERSION) passed to the Dockerfile, which stamps it into
// the image's labels; tagged with that version and no other app's.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stageNamed, stages } from './dockerfile-stages';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SERVICES } = require('../../deploy/nats-authorization.js') as { SERVICES: string[] };

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'deploy', 'build-image.sh');
const APPS = ['gateway', ...SERVICES];
const version = (app: string): string => readFileSync(join(ROOT, 'apps', app, 'VERSION'), 'utf8').trim();

describe('deploy/build-image.sh', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'weop-build-image-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function build(...args: string[]): { status: number | null; stdout: string; stderr: string; calls: string[] } {
    const docker = join(dir, 'docker');
    writeFileSync(docker, `#!/usr/bin/env bash\nprintf '%s\\n' "$*" >> "${join(dir, 'calls.log')}"\n`);
    chmodSync(docker, 0o755);
    const result = spawnSync('bash', [SCRIPT, ...args], { env: { PATH: process.env.PATH ?? '', DOCKER: docker, REGISTRY: 'registry.example.org/weop' }, encoding: 'utf8' });
    let calls: string[] = [];
    try {
      calls = readFileSync(join(dir, 'calls.log'), 'utf8').trim().split('\n');
    } catch {
      calls = [];
    }
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls };
  }

  it.each(APPS)('%s: built from its own target, tagged and stamped with its own version', (app) => {
    const { status, stdout, calls } = build(app, '--push');
    expect(status).toBe(0);
    const image = `registry.example.org/weop/${app}:${version(app)}`;
    expect(stdout.trim()).toBe(image);
    expect(calls[0]).toMatch(new RegExp(`^build -f deploy/Dockerfile --target ${app} --build-arg WEOP_VERSION=${version(app).replace(/\./g, '\\.')} --build-arg WEOP_REVISION=[0-9a-f]{40} -t ${image.replace(/\./g, '\\.')} \\.$`));
    expect(calls[1]).toBe(`push ${image}`);
    expect(calls).toHaveLength(2);
  });

  it('builds nothing for an unknown app', () => {
    const { status, stderr, calls } = build('console');
    expect(status).toBe(2);
    expect(stderr).toMatch(/usage/);
    expect(calls).toEqual([]);
  });

  it.each(APPS)('%s: its Dockerfile target turns the version into OCI labels and WEOP_VERSION', (app) => {
    const lines = stageNamed(stages(), app).lines;
    expect(lines).toContain('ARG WEOP_VERSION=dev');
    expect(lines).toContain('ARG WEOP_REVISION=unknown');
    const label = lines.find((line) => line.startsWith('LABEL '));
    expect(label).toContain(`org.opencontainers.image.title="weop-${app}"`);
    expect(label).toContain('org.opencontainers.image.version="${WEOP_VERSION}"');
    expect(label).toContain('org.opencontainers.image.revision="${WEOP_REVISION}"');
    expect(lines).toContain('ENV WEOP_VERSION=${WEOP_VERSION}');
  });
});
