// docker-compose.yml, checked without a Docker engine: parsed by `docker-compose config` (Debian's
// docker-compose 1.29, which .ci/run installs; it needs no engine for this), valid against the Compose
// Specification's own JSON schema (shipped in the docker-compose npm package that testcontainers
// brings), and the whole stack: PostgreSQL, NATS with JetStream, every app from its own image target,
// the console via the gateway.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SERVICES } = require('../../deploy/nats-authorization.js') as { SERVICES: string[] };

const ROOT = join(__dirname, '..', '..');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

/** The schema's draft-07 meta-schema is named by an https URL Ajv does not know: it is draft-07, which Ajv speaks. */
function composeValidator(): ReturnType<Ajv['compile']> {
  const { $schema: _metaSchema, ...schema } = JSON.parse(readFileSync(require.resolve('docker-compose/schema/compose-spec.json'), 'utf8')) as Record<string, unknown>;
  return new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
}

describe('docker-compose.yml', () => {
  const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
  // YAML merge keys (`<<: *service`) resolved, as Compose does.
  const compose = parse(text, { merge: true }) as ComposeFile;

  it('is valid against the Compose Specification schema', () => {
    const validate = composeValidator();
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  /** `docker-compose -f <file> config -q`: what Compose itself says of a file, without an engine. */
  function composeConfig(file: string): { status: number | null; stderr: string } {
    const result = spawnSync('docker-compose', ['-f', file, 'config', '-q'], { cwd: ROOT, encoding: 'utf8' });
    if (result.error && 'code' in result.error && result.error.code === 'ENOENT') {
      throw new Error('docker-compose is not installed: `apt-get install --no-install-recommends docker-compose` (.ci/run does), then run this again.');
    }
    return { status: result.status, stderr: result.stderr };
  }

  it('is accepted by `docker-compose config`', () => {
    expect(composeConfig(join(ROOT, 'docker-compose.yml'))).toEqual({ status: 0, stderr: '' });
  });

  it('`docker-compose config` refuses a broken file (so the check above can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weop-compose-'));
    try {
      writeFileSync(join(dir, 'docker-compose.yml'), text.replace(/^(\s+)image: postgres:/m, '$1bogus: true\n$1image: postgres:'));
      const refused = composeConfig(join(dir, 'docker-compose.yml'));
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toMatch(/bogus/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses what Compose would refuse (the schema check can fail)', () => {
    const validate = composeValidator();
    expect(validate({ services: { gateway: { image: 'weop/gateway', ports: 3000, restart: 'sometimes-maybe', bogus: true } } })).toBe(false);
  });

  it('runs every app, each built from its own target of deploy/Dockerfile, after PostgreSQL and NATS are healthy', () => {
    const dockerfile = readFileSync(join(ROOT, 'deploy', 'Dockerfile'), 'utf8');
    for (const app of ['gateway', ...SERVICES]) {
      const service = compose.services[app];
      expect(service).toBeDefined();
      expect(service.build).toEqual({ context: '.', dockerfile: 'deploy/Dockerfile', target: app });
      expect(dockerfile).toMatch(new RegExp(`^FROM \\S+ AS ${app}$`, 'm'));
      expect(service.depends_on?.nats).toEqual({ condition: 'service_healthy' });
      if (app !== 'gateway') {
        expect(service.depends_on?.postgres).toEqual({ condition: 'service_healthy' });
        expect(service.environment?.DATABASE_URL).toMatch(/@postgres:5432\//);
        expect(service.environment?.NATS_URL).toBe('nats://nats:4222');
        // Its health check asks the health port it listens on.
        expect(service.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${service.environment?.HEALTH_PORT}/health/ready`);
      }
    }
  });

  it('starts the gateway last, publishes only it, and it asks every service (the console is served by it)', () => {
    const gateway = compose.services.gateway;
    for (const service of SERVICES) expect(gateway.depends_on?.[service]).toEqual({ condition: 'service_healthy' });
    expect(gateway.environment?.WEOP_SERVICES?.split(',').sort()).toEqual([...SERVICES].sort());
    expect(gateway.ports).toEqual(['3000:3000']);
    const published = Object.entries(compose.services).filter(([, s]) => s.ports?.length).map(([name]) => name);
    expect(published).toEqual(['gateway']);
    expect(Object.keys(compose.services).filter((name) => /console/.test(name))).toEqual([]);
  });

  it('runs PostgreSQL and NATS with JetStream', () => {
    expect(compose.services.postgres.image).toMatch(/^postgres:15/);
    expect(compose.services.nats.command).toEqual(expect.arrayContaining(['-js']));
  });
});
