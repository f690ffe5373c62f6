// deploy/k8s/create-secrets.sh makes every Secret the production overlay references, and each app's
// Secret with its ConfigMaps is a configuration that app accepts at start (its own config class).
import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
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

function runScript(env: Record<string, string>): ReturnType<typeof spawnSync> {
  return spawnSync('bash', [SCRIPT], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
}

describe('deploy/k8s/create-secrets.sh', () => {
  const result = runScript({ ...databaseEnv, WEOP_ADMIN_EMAIL: 'admin@carec.example', WEOP_ADMIN_PASSWORD: 'a-long-first-password' });
  const secrets = new Map<string, Record<string, string>>(
    parse(String(result.stdout))
      .filter((m) => m.kind === 'Secret')
      .map((m) => [m.metadata.name, Object.fromEntries(Object.entries(m.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]))]),
  );
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
});
