// deploy/k8s/create-secrets.sh makes every Secret the production overlay references, and each app's
// Secret with its ConfigMaps is a configuration that app accepts at start (its own config class); it
// refuses to make a second set over existing Secrets, and rotates one key at a time. Its kubectl is a
// stand-in cluster (a directory of Secrets as env files) over the real kubectl's client-side commands.
import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { natsServerOptions, ServiceConfig } from '@weop/messaging';
import { loadConfig } from '@weop/observability';
import { AwardsConfig } from '../../apps/awards/src/awards.config';
import { CommunityConfig } from '../../apps/community/src/community.config';
import { ContentConfig } from '../../apps/content/src/content.config';
import { GatewayConfig } from '../../apps/gateway/src/gateway.config';
import { IdentityConfig } from '../../apps/identity/src/identity.config';
import { MentorshipConfig } from '../../apps/mentorship/src/mentorship.config';
import { TrustSafetyConfig } from '../../apps/trust-safety/src/trust-safety.config';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SERVICES } = require('../../deploy/nats-authorization.js') as { SERVICES: string[] };

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'deploy', 'k8s', 'create-secrets.sh');
/** Each app's config class (an app not listed here is held to the shared ServiceConfig). */
const CONFIG: Record<string, new () => object> = {
  gateway: GatewayConfig,
  identity: IdentityConfig,
  content: ContentConfig,
  'trust-safety': TrustSafetyConfig,
  awards: AwardsConfig,
  mentorship: MentorshipConfig,
  community: CommunityConfig,
};

interface Manifest {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec?: { template?: { spec: { containers: { envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[] }[] } } };
}

const parse = (text: string): Manifest[] => parseAllDocuments(text).map((doc) => doc.toJS() as Manifest).filter(Boolean);
const upper = (name: string): string => name.replace(/-/g, '_').toUpperCase();
const databaseEnv = Object.fromEntries(SERVICES.map((service) => [`${upper(service)}_DATABASE_URL`, `postgresql://weop_${service.replace(/-/g, '_')}:pw@db.internal:5432/weop_${service.replace(/-/g, '_')}`]));

const REAL_KUBECTL = execFileSync('bash', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim();
const WORK = mkdtempSync(join(tmpdir(), 'weop-create-secrets-'));
afterAll(() => rmSync(WORK, { recursive: true, force: true }));
let clusters = 0;

/**
 * A cluster holding `secrets` (name → values), or none reachable (`null`). `get secret … -o name`
 * lists those that exist; `get secret <name> -o go-template=…` runs the template with the real kubectl
 * over the stored values; `create … --dry-run=client` is the real kubectl.
 */
function cluster(secrets: Map<string, Record<string, string>> | null): string {
  const dir = join(WORK, `cluster-${++clusters}`);
  mkdirSync(dir);
  for (const [name, values] of secrets ?? []) writeFileSync(join(dir, `${name}.env`), Object.entries(values).map(([k, v]) => `${k}=${v}\n`).join(''));
  const kubectl = join(dir, 'kubectl');
  writeFileSync(
    kubectl,
    `#!/usr/bin/env bash
args=("$@")
[ "$1" = -n ] && { [ "$2" = weop ] || { echo "namespace $2" >&2; exit 9; }; args=("\${@:3}"); }
if [ "\${args[0]} \${args[1]}" = "get secret" ]; then
  ${secrets === null ? 'echo "The connection to the server localhost:8080 was refused" >&2; exit 1' : ''}
  if [ "\${args[-1]}" = name ]; then
    for name in "\${args[@]:2}"; do [ -f "${dir}/$name.env" ] && echo "secret/$name"; done; exit 0
  fi
  name=\${args[2]}
  [ -f "${dir}/$name.env" ] || { echo "secrets \\"$name\\" not found" >&2; exit 1; }
  exec "${REAL_KUBECTL}" create secret generic "$name" --dry-run=client --from-env-file="${dir}/$name.env" "\${args[@]:3}"
fi
[ "\${args[0]}" = create ] && exec "${REAL_KUBECTL}" "\${args[@]}"
echo "unexpected: $*" >&2; exit 9
`,
  );
  chmodSync(kubectl, 0o755);
  return kubectl;
}

function runScript(env: Record<string, string>, args: string[] = [], kubectl = cluster(new Map())): ReturnType<typeof spawnSync> {
  return spawnSync('bash', [SCRIPT, ...args], { env: { PATH: process.env.PATH ?? '', KUBECTL: kubectl, ...env }, encoding: 'utf8' });
}

const secretsOf = (output: string): Map<string, Record<string, string>> =>
  new Map(
    parse(output)
      .filter((m) => m.kind === 'Secret')
      .map((m) => [m.metadata.name, Object.fromEntries(Object.entries(m.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]))]),
  );

describe('deploy/k8s/create-secrets.sh', () => {
  const result = runScript({ ...databaseEnv, WEOP_ADMIN_EMAIL: 'admin@carec.example', WEOP_ADMIN_PASSWORD: 'a-long-first-password' });
  const secrets = secretsOf(String(result.stdout));
  const rendered = parse(execFileSync('kubectl', ['kustomize', join(ROOT, 'deploy/k8s/overlays/production')], { encoding: 'utf8' }));

  it('runs', () => {
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('makes every Secret the production overlay references', () => {
    const referenced = new Set(
      rendered.flatMap((m) => m.spec?.template?.spec.containers.flatMap((c) => (c.envFrom ?? []).flatMap((e) => (e.secretRef ? [e.secretRef.name] : []))) ?? []),
    );
    expect(referenced.size).toBeGreaterThan(SERVICES.length);
    for (const name of referenced) expect([...secrets.keys()]).toContain(name);
  });

  it("gives each app a NATS_URL with its own NATS user and the password NATS knows it by", () => {
    const users = secrets.get('weop-nats-users') ?? {};
    for (const app of ['gateway', ...SERVICES, 'operator']) {
      const secret = secrets.get(`weop-${app}`) ?? {};
      const user = app === 'operator' ? 'weop-operator' : app;
      const options = natsServerOptions(secret.NATS_URL ?? '');
      expect(options).toEqual({ servers: ['nats://weop-nats:4222'], user, pass: users[`NATS_PASSWORD_${upper(user)}`] });
      expect(options.pass).toMatch(/^[0-9a-f]{48}$/);
    }
    expect(new Set(Object.values(users)).size).toBe(Object.keys(users).length);
  });

  it.each(['gateway', ...SERVICES])("%s: its Secret and ConfigMaps make a configuration it accepts", (app) => {
    const deployment = rendered.find((m) => m.kind === 'Deployment' && m.metadata.name === app);
    const env: Record<string, string> = {};
    for (const source of deployment?.spec?.template?.spec.containers[0].envFrom ?? []) {
      const name = source.configMapRef?.name ?? source.secretRef?.name;
      const data = source.configMapRef ? rendered.find((m) => m.kind === 'ConfigMap' && m.metadata.name === name)?.data : secrets.get(name ?? '');
      Object.assign(env, data);
    }
    expect(() => loadConfig(CONFIG[app] ?? ServiceConfig, env)).not.toThrow();
    if (app !== 'gateway') expect(env.SERVICE_DATABASE_URL).toBe(databaseEnv[`${upper(app)}_DATABASE_URL`]);
  });

  it("generates identity's signing key as an EC P-256 key in the form identity reads, and 32-byte sealing keys", () => {
    const identity = secrets.get('weop-identity') ?? {};
    const key = createPrivateKey((identity.WEOP_JWT_PRIVATE_KEY ?? '').replace(/\\n/g, '\n'));
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(Buffer.from(identity.DOCUMENT_ENCRYPTION_KEY ?? '', 'base64')).toHaveLength(32);
    expect(Buffer.from(secrets.get('weop-awards')?.EVIDENCE_KEY ?? '', 'base64')).toHaveLength(32);
    expect(identity.WEOP_ADMIN_EMAIL).toBe('admin@carec.example');
  });

  it('refuses to run without every database URL, naming the missing ones', () => {
    const { CONTENT_DATABASE_URL: _left, ...partial } = databaseEnv;
    const refused = runScript(partial);
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/CONTENT_DATABASE_URL/);
  });

  describe('run again over a running deployment', () => {
    it('refuses to make a new set, names what would be lost and how to rotate one key, and prints no Secret', () => {
      const refused = runScript(databaseEnv, [], cluster(secrets));
      expect(refused.status).toBe(3);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toMatch(/DOCUMENT_ENCRYPTION_KEY/);
      expect(refused.stderr).toMatch(/EVIDENCE_KEY/);
      expect(refused.stderr).toMatch(/--rotate/);
      // One existing Secret is enough to refuse.
      expect(runScript(databaseEnv, [], cluster(new Map([['weop-awards', secrets.get('weop-awards') ?? {}]]))).status).toBe(3);
    });

    it('refuses when it cannot ask the cluster, unless told this is a first set (--initial)', () => {
      const unreachable = runScript(databaseEnv, [], cluster(null));
      expect(unreachable.status).toBe(3);
      expect(unreachable.stdout).toBe('');
      expect(unreachable.stderr).toMatch(/--initial/);
      const initial = runScript(databaseEnv, ['--initial'], cluster(null));
      expect(initial.status).toBe(0);
      expect([...secretsOf(String(initial.stdout)).keys()].sort()).toEqual([...secrets.keys()].sort());
    });

    it('--rotate WEOP_JWT_PRIVATE_KEY: only identity\'s Secret, with a new signing key and every other value kept', () => {
      const rotated = runScript({}, ['--rotate', 'WEOP_JWT_PRIVATE_KEY'], cluster(secrets));
      expect(rotated.status).toBe(0);
      const out = secretsOf(String(rotated.stdout));
      expect([...out.keys()]).toEqual(['weop-identity']);
      const before = secrets.get('weop-identity') ?? {};
      const after = out.get('weop-identity') ?? {};
      expect(after.WEOP_JWT_PRIVATE_KEY).not.toBe(before.WEOP_JWT_PRIVATE_KEY);
      expect(createPrivateKey((after.WEOP_JWT_PRIVATE_KEY ?? '').replace(/\\n/g, '\n')).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
      expect({ ...after, WEOP_JWT_PRIVATE_KEY: '' }).toEqual({ ...before, WEOP_JWT_PRIVATE_KEY: '' });
      expect(rotated.stderr).toMatch(/restart identity/);
    });

    it('--rotate DOCUMENT_ENCRYPTION_KEY: a new key, the old ones kept for documents sealed before, identity accepts it', () => {
      const before = secrets.get('weop-identity') ?? {};
      const once = secretsOf(String(runScript({}, ['--rotate', 'DOCUMENT_ENCRYPTION_KEY'], cluster(secrets)).stdout)).get('weop-identity') ?? {};
      expect(once.DOCUMENT_ENCRYPTION_KEY).not.toBe(before.DOCUMENT_ENCRYPTION_KEY);
      expect(Buffer.from(once.DOCUMENT_ENCRYPTION_KEY ?? '', 'base64')).toHaveLength(32);
      expect(once.DOCUMENT_ENCRYPTION_KEYS_OLD).toBe(before.DOCUMENT_ENCRYPTION_KEY);
      expect(once.WEOP_JWT_PRIVATE_KEY).toBe(before.WEOP_JWT_PRIVATE_KEY);
      // A second rotation keeps both earlier keys, newest first.
      const twice = secretsOf(String(runScript({}, ['--rotate', 'DOCUMENT_ENCRYPTION_KEY'], cluster(new Map([...secrets, ['weop-identity', once]]))).stdout)).get('weop-identity') ?? {};
      expect(twice.DOCUMENT_ENCRYPTION_KEYS_OLD).toBe(`${once.DOCUMENT_ENCRYPTION_KEY},${before.DOCUMENT_ENCRYPTION_KEY}`);
      const deployment = rendered.find((m) => m.kind === 'Deployment' && m.metadata.name === 'identity');
      const env: Record<string, string> = {};
      for (const source of deployment?.spec?.template?.spec.containers[0].envFrom ?? []) {
        if (source.configMapRef) Object.assign(env, rendered.find((m) => m.kind === 'ConfigMap' && m.metadata.name === source.configMapRef?.name)?.data);
      }
      expect(() => loadConfig(IdentityConfig, { ...env, ...twice })).not.toThrow();
    });

    it('--rotate NATS_PASSWORD_CONTENT: a new password for content in weop-nats-users and in content\'s NATS_URL, nothing else changed', () => {
      const rotated = runScript({}, ['--rotate', 'NATS_PASSWORD_CONTENT'], cluster(secrets));
      expect(rotated.status).toBe(0);
      const out = secretsOf(String(rotated.stdout));
      expect([...out.keys()].sort()).toEqual(['weop-content', 'weop-nats-users']);
      const users = out.get('weop-nats-users') ?? {};
      expect(users.NATS_PASSWORD_CONTENT).toMatch(/^[0-9a-f]{48}$/);
      expect(users.NATS_PASSWORD_CONTENT).not.toBe(secrets.get('weop-nats-users')?.NATS_PASSWORD_CONTENT);
      expect({ ...users, NATS_PASSWORD_CONTENT: '' }).toEqual({ ...secrets.get('weop-nats-users'), NATS_PASSWORD_CONTENT: '' });
      const content = out.get('weop-content') ?? {};
      expect(natsServerOptions(content.NATS_URL ?? '')).toEqual({ servers: ['nats://weop-nats:4222'], user: 'content', pass: users.NATS_PASSWORD_CONTENT });
      expect(content.SERVICE_DATABASE_URL).toBe(secrets.get('weop-content')?.SERVICE_DATABASE_URL);
      // The operator's user lives in weop-operator.
      const operator = secretsOf(String(runScript({}, ['--rotate', 'NATS_PASSWORD_WEOP_OPERATOR'], cluster(secrets)).stdout));
      expect([...operator.keys()].sort()).toEqual(['weop-nats-users', 'weop-operator']);
    });

    it('refuses to rotate EVIDENCE_KEY (awards has no earlier-keys setting) or an unknown key, printing no Secret', () => {
      for (const key of ['EVIDENCE_KEY', 'NATS_PASSWORD_NOBODY', 'SERVICE_DATABASE_URL']) {
        const refused = runScript({}, ['--rotate', key], cluster(secrets));
        expect(refused.status).toBe(2);
        expect(refused.stdout).toBe('');
      }
      expect(runScript({}, ['--rotate', 'EVIDENCE_KEY'], cluster(secrets)).stderr).toMatch(/unreadable/);
    });
  });
});
