// The Kubernetes manifests (deploy/k8s) as kubectl's kustomize renders them: every app runs with
// probes on its health port, resources, no root, an autoscaler and (services) a migration Job;
// secrets are only referenced; NATS is a three-node JetStream cluster with the generated users.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SERVICES } = require('../../deploy/nats-authorization.js') as { SERVICES: string[] };

const ROOT = join(__dirname, '..', '..');
const APPS = ['gateway', ...SERVICES];

/* The slices of Kubernetes objects the assertions read. */
interface Probe { httpGet?: { path: string; port: string | number } }
interface Container {
  name: string;
  image: string;
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name?: string; containerPort: number }[];
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
}
interface PodTemplate { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: PodSpec }
interface PodSpec {
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  containers: Container[];
  restartPolicy?: string;
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  data?: Record<string, string>;
  spec?: {
    replicas?: number;
    minReplicas?: number;
    maxReplicas?: number;
    scaleTargetRef?: { kind: string; name: string };
    template?: PodTemplate;
  };
}

function render(dir: string): K8sObject[] {
  let output: string;
  try {
    output = execFileSync('kubectl', ['kustomize', join(ROOT, dir)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('kubectl is not installed: these tests render deploy/k8s with `kubectl kustomize` (kubectl ≥ 1.27 has kustomize 5 built in). Install kubectl, then run them again.');
    }
    throw new Error(`kubectl kustomize ${dir} failed: ${String((error as { stderr?: string }).stderr ?? error)}`);
  }
  return parseAllDocuments(output).map((doc) => doc.toJS() as K8sObject);
}

const find = (objects: K8sObject[], kind: string, name: string): K8sObject | undefined =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);
const get = (objects: K8sObject[], kind: string, name: string): K8sObject => {
  const found = find(objects, kind, name);
  if (!found) throw new Error(`no ${kind} ${name} in the rendered manifests`);
  return found;
};
const podOf = (o: K8sObject): PodSpec => {
  if (!o.spec?.template) throw new Error(`${o.kind} ${o.metadata.name} has no pod template`);
  return o.spec.template.spec;
};

/** The environment a container gets from its literal env and its ConfigMaps (Secrets are not in the output). */
function environment(objects: K8sObject[], container: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) Object.assign(env, get(objects, 'ConfigMap', source.configMapRef.name).data);
  }
  for (const variable of container.env ?? []) if (variable.value !== undefined) env[variable.name] = variable.value;
  return env;
}

function portNumber(container: Container, port: string | number | undefined): number | undefined {
  return typeof port === 'number' ? port : container.ports?.find((p) => p.name === port)?.containerPort;
}

/** Secret-looking names, and URLs with a password in them. */
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|PRIVATE_KEY|ENCRYPTION_KEY|EVIDENCE_KEY|DATABASE_URL|NATS_URL|SMTP_URL|AWS_ACCESS_KEY|AWS_SECRET/;
const CREDENTIALS_IN_URL = /[a-z]+:\/\/[^/\s:@]+:[^/\s@]+@/i;

describe.each([
  ['base', 'deploy/k8s/base', 1],
  ['production', 'deploy/k8s/overlays/production', 3],
])('Kubernetes manifests: %s', (overlay, dir, streamReplicas) => {
  const objects = render(dir);

  it.each(APPS)('%s: a Deployment whose liveness and readiness probes point at its health port', (app) => {
    const pod = podOf(get(objects, 'Deployment', app));
    const container = pod.containers[0];
    const env = environment(objects, container);
    const healthPort = Number(app === 'gateway' ? env.PORT : env.HEALTH_PORT);
    expect(healthPort).toBeGreaterThan(0);
    expect(container.livenessProbe?.httpGet?.path).toBe('/health/live');
    expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready');
    expect(portNumber(container, container.livenessProbe?.httpGet?.port)).toBe(healthPort);
    expect(portNumber(container, container.readinessProbe?.httpGet?.port)).toBe(healthPort);
    if (app !== 'gateway') expect(env.HEALTH_HOST).toBe('0.0.0.0');
    expect(env.WEOP_STREAM_REPLICAS).toBe(String(streamReplicas));
  });

  it.each(APPS)('%s: its own image and version, resources requested and limited, no root, read-only root filesystem', (app) => {
    const pod = podOf(get(objects, 'Deployment', app));
    const container = pod.containers[0];
    expect(container.image).toMatch(new RegExp(`(^|/)weop/${app}:[\\w.-]+$`));
    expect(container.image).not.toMatch(/:latest$/);
    expect(container.resources?.requests).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
    expect(container.resources?.limits).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(container.envFrom).toContainEqual({ secretRef: { name: `weop-${app}` } });
  });

  it.each(APPS)('%s: a HorizontalPodAutoscaler', (app) => {
    const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec?.scaleTargetRef?.kind === 'Deployment' && o.spec.scaleTargetRef.name === app);
    expect(hpa).toBeDefined();
    expect(hpa?.spec?.minReplicas).toBeGreaterThanOrEqual(overlay === 'production' ? 2 : 1);
    expect(hpa?.spec?.maxReplicas).toBeGreaterThan(hpa?.spec?.minReplicas ?? 0);
    expect(get(objects, 'Deployment', app).spec?.replicas).toBeUndefined(); // the autoscaler owns the count
  });

  it.each(SERVICES)('%s: a migration Job with the same image, settings and secret, run with WEOP_MIGRATE_ONLY', (service) => {
    const job = get(objects, 'Job', `${service}-migrate`);
    const pod = podOf(job);
    const container = pod.containers[0];
    const deployed = podOf(get(objects, 'Deployment', service)).containers[0];
    expect(container.image).toBe(deployed.image);
    expect(container.envFrom).toEqual(deployed.envFrom);
    expect(container.env).toContainEqual({ name: 'WEOP_MIGRATE_ONLY', value: 'true' });
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
    expect(job.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': service, 'app.kubernetes.io/component': 'migration' });
    // Argo CD order: the Job (wave 1) before its Deployment (wave 2).
    const wave = (o: K8sObject): number => Number(o.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
    expect(wave(job)).toBeLessThan(wave(get(objects, 'Deployment', service)));
    expect(wave(job)).toBeGreaterThan(wave(get(objects, 'StatefulSet', 'weop-nats')));
  });

  it('the gateway has no migration Job (no database) and serves the console from its image', () => {
    expect(find(objects, 'Job', 'gateway-migrate')).toBeUndefined();
    expect(get(objects, 'Service', 'gateway')).toBeDefined();
    // The console is not a workload of its own: it is inside the gateway image (deploy/Dockerfile).
    expect(objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name).sort()).toEqual([...APPS].sort());
  });

  it('references secrets and never holds one', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    for (const o of objects) {
      for (const [key, value] of Object.entries(o.kind === 'ConfigMap' ? (o.data ?? {}) : {})) {
        if (key.endsWith('.conf')) continue; // the NATS configuration, checked below
        expect(`${o.metadata.name}.${key}`).not.toMatch(SECRET_NAME);
        expect(value).not.toMatch(CREDENTIALS_IN_URL);
      }
      const pod = o.spec?.template?.spec;
      for (const container of pod?.containers ?? []) {
        for (const variable of container.env ?? []) {
          if (variable.value === undefined) continue;
          expect(variable.name).not.toMatch(SECRET_NAME);
          expect(variable.value).not.toMatch(CREDENTIALS_IN_URL);
        }
      }
    }
    // NATS passwords are read from the environment (Secret weop-nats-users), never written in.
    const authConf = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('weop-nats-config'))?.data?.['auth.conf'] ?? '';
    expect(authConf.match(/password: \$NATS_PASSWORD_[A-Z_]+\n/g)).toHaveLength(APPS.length + 1);
    expect(authConf).not.toMatch(/password: [^$]/);
  });

  it('NATS: a three-node StatefulSet with JetStream, synced on every write, with the generated users', () => {
    const nats = get(objects, 'StatefulSet', 'weop-nats');
    expect(nats.spec?.replicas).toBe(3);
    const container = podOf(nats).containers[0];
    expect(container.envFrom).toContainEqual({ secretRef: { name: 'weop-nats-users' } });
    expect(podOf(nats).securityContext?.runAsNonRoot).toBe(true);
    const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('weop-nats-config'));
    expect(config?.data?.['auth.conf']).toBe(readFileSync(join(ROOT, 'deploy', 'k8s', 'base', 'nats', 'auth.conf'), 'utf8'));
    const conf = config?.data?.['nats.conf'] ?? '';
    expect(conf).toMatch(/jetstream \{[^}]*sync_interval: always/s);
    expect(conf.match(/nats:\/\/weop-nats-\d\.weop-nats-cluster:6222/g)).toHaveLength(3);
    expect(conf).toMatch(/include "auth\.conf"/);
  });

  it("NATS: its network policy lets in every app's pods, migration Jobs included", () => {
    const policy = get(objects, 'NetworkPolicy', 'weop-nats') as K8sObject & { spec: { ingress: { from: { podSelector: { matchLabels?: Record<string, string> } }[]; ports: { port: number }[] }[] } };
    const client = policy.spec.ingress.find((rule) => rule.ports.some((p) => p.port === 4222));
    const allowed = client?.from[0].podSelector.matchLabels ?? {};
    expect(allowed).toEqual({ 'app.kubernetes.io/part-of': 'weop' });
    const workloads = objects.filter((o) => ['Deployment', 'Job'].includes(o.kind));
    expect(workloads).toHaveLength(APPS.length + SERVICES.length);
    for (const o of workloads) expect(o.spec?.template?.metadata?.labels).toMatchObject(allowed);
  });

  if (overlay === 'production') {
    it('production: one namespace, every app image from the registry, files in object storage', () => {
      for (const o of objects.filter((x) => x.kind !== 'Namespace')) expect(`${o.kind}/${o.metadata.name} in ${o.metadata.namespace}`).toBe(`${o.kind}/${o.metadata.name} in weop`);
      for (const service of ['identity', 'content', 'awards', 'community']) {
        const env = environment(objects, podOf(get(objects, 'Deployment', service)).containers[0]);
        expect(env.S3_BUCKET).toBeTruthy();
      }
    });
  }
});

/** An object's identity in a rendering (generated ConfigMaps carry a content hash in their name). */
const key = (o: K8sObject): string => `${o.kind}/${o.metadata.name}`;
const version = (app: string): string => readFileSync(join(ROOT, 'apps', app, 'VERSION'), 'utf8').trim();

describe('Kubernetes manifests: each app alone in production (overlays/production/<app>)', () => {
  const everything = render('deploy/k8s/overlays/production');
  const alone = Object.fromEntries(['nats', ...APPS].map((unit) => [unit, render(`deploy/k8s/overlays/production/${unit}`)]));

  it.each(APPS)('%s: renders on its own, with its image at a version from the registry, its probes, its settings and (services) its migration Job', (app) => {
    const objects = alone[app];
    // Only this app's workloads.
    expect(objects.filter((o) => ['Deployment', 'Job', 'StatefulSet'].includes(o.kind)).map(key).sort()).toEqual(
      [`Deployment/${app}`, ...(app === 'gateway' ? [] : [`Job/${app}-migrate`])].sort(),
    );
    const container = podOf(get(objects, 'Deployment', app)).containers[0];
    expect(container.image).toBe(`registry.example.org/weop/${app}:${version(app)}`);
    expect(container.livenessProbe?.httpGet?.path).toBe('/health/live');
    expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready');
    // Every ConfigMap it reads is in the rendering (none is left for another overlay to bring).
    for (const source of container.envFrom ?? []) if (source.configMapRef) get(objects, 'ConfigMap', source.configMapRef.name);
    expect(environment(objects, container).WEOP_STREAM_REPLICAS).toBe('3');
    if (app !== 'gateway') expect(podOf(get(objects, 'Job', `${app}-migrate`)).containers[0].image).toBe(container.image);
    for (const o of objects) expect(o.metadata.namespace).toBe('weop');
    const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler');
    expect(hpa?.spec?.minReplicas).toBe(2);
  });

  it('the whole overlay is the namespace and exactly the apps rendered alone', () => {
    const union = new Map<string, K8sObject>();
    for (const objects of Object.values(alone)) for (const o of objects) union.set(key(o), o);
    const whole = new Map(everything.filter((o) => o.kind !== 'Namespace').map((o) => [key(o), o]));
    expect([...whole.keys()].sort()).toEqual([...union.keys()].sort());
    for (const [name, o] of whole) expect(o).toEqual(union.get(name));
  });

  it.each(APPS)('%s: the base tags its image with the version in apps/<app>/VERSION', (app) => {
    expect(version(app)).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
    const objects = render(`deploy/k8s/base/${app}`);
    expect(podOf(get(objects, 'Deployment', app)).containers[0].image).toBe(`weop/${app}:${version(app)}`);
  });
});

describe('Kubernetes manifests: NATS keeps its JetStream store within its volume', () => {
  /** Bytes of a Kubernetes quantity like 50Gi. */
  const quantity = (value: string): number => {
    const match = /^(\d+)(Ki|Mi|Gi|Ti)$/.exec(value);
    if (!match) throw new Error(`a storage size this spec does not read: ${value}`);
    return Number(match[1]) * 1024 ** (['Ki', 'Mi', 'Gi', 'Ti'].indexOf(match[2]) + 1);
  };

  /** What a real nats-server makes of the rendered jetstream block with the StatefulSet's environment. */
  async function maxStorage(conf: string, env: Record<string, string>): Promise<number> {
    const dir = mkdtempSync(join(tmpdir(), 'weop-nats-store-'));
    try {
      // The block as rendered, but storing here, and without sync_interval (NATS 2.10, the cluster's
      // image; this machine's nats-server is 2.9 and refuses it; the assertions above check it).
      const jetstream = /jetstream \{[^}]*\}/s.exec(conf)?.[0]
        .replace(/store_dir: "[^"]*"/, `store_dir: "${join(dir, 'store')}"`)
        .replace(/\n\s*sync_interval: always/, '');
      writeFileSync(join(dir, 'nats.conf'), `listen: "127.0.0.1:-1"\n${jetstream}\n`);
      const server = spawn('nats-server', ['-c', join(dir, 'nats.conf')], { env: { ...env, PATH: process.env.PATH ?? '' } });
      try {
        const log = await new Promise<string>((resolve, reject) => {
          let text = '';
          server.on('error', (error) => reject(new Error(`nats-server did not start (these tests need it installed): ${error.message}`)));
          server.stderr.on('data', (chunk: Buffer) => {
            text += chunk.toString();
            if (/Server is ready/.test(text)) resolve(text);
          });
          server.on('exit', () => reject(new Error(`nats-server refused the configuration:\n${text}`)));
        });
        const [, amount, unit] = /Max Storage:\s+([\d.]+) (GB|MB|TB)/.exec(log) ?? [];
        return Number(amount) * 1024 ** (['MB', 'GB', 'TB'].indexOf(unit) + 2);
      } finally {
        server.kill();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it.each([
    ['base', 'deploy/k8s/base'],
    ['production', 'deploy/k8s/overlays/production'],
  ])('%s: the store limit nats-server applies is 80–90 %% of the volume each node asks for', async (_overlay, dir) => {
    const objects = render(dir);
    const nats = get(objects, 'StatefulSet', 'weop-nats') as K8sObject & { spec: { volumeClaimTemplates: { spec: { resources: { requests: { storage: string } } } }[] } };
    const volume = quantity(nats.spec.volumeClaimTemplates[0].spec.resources.requests.storage);
    const env = Object.fromEntries((podOf(nats).containers[0].env ?? []).filter((v) => v.value !== undefined).map((v) => [v.name, v.value ?? '']));
    const conf = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('weop-nats-config'))?.data?.['nats.conf'] ?? '';
    const store = await maxStorage(conf, env);
    expect(store).toBeGreaterThanOrEqual(0.8 * volume);
    expect(store).toBeLessThanOrEqual(0.9 * volume);
  });

  it('production gives each node 50 Gi', () => {
    const nats = get(render('deploy/k8s/overlays/production'), 'StatefulSet', 'weop-nats') as K8sObject & { spec: { volumeClaimTemplates: { spec: { resources: { requests: { storage: string } } } }[] } };
    expect(nats.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('50Gi');
  });
});

describe('Kubernetes manifests: Prometheus scrapes every app', () => {
  interface Service { spec: { selector: Record<string, string>; ports: { port: number; targetPort?: string | number }[] } }
  interface Ingress { spec: { rules: { http: { paths: { backend: { service: { name: string; port: { name?: string; number?: number } } } }[] } }[] } }

  describe.each([
    ['base', 'deploy/k8s/base'],
    ['production', 'deploy/k8s/overlays/production'],
  ])('%s', (_overlay, dir) => {
    const objects = render(dir);

    it.each(APPS)('%s: its pods carry the scrape annotations, on a port the pod listens on for metrics', (app) => {
      const deployment = get(objects, 'Deployment', app);
      const annotations = deployment.spec?.template?.metadata?.annotations;
      expect(annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/path': '/metrics' });
      const port = Number(annotations?.['prometheus.io/port']);
      const container = podOf(deployment).containers[0];
      expect(container.ports?.map((p) => p.containerPort)).toContain(port);
      const env = environment(objects, container);
      // The port that serves /metrics to any caller in the pod network: services' health port, the gateway's metrics port.
      expect(String(port)).toBe(app === 'gateway' ? env.METRICS_PORT : env.HEALTH_PORT);
    });

    it("the gateway's metrics port is not its public port, and no Service or Ingress leads to it", () => {
      const container = podOf(get(objects, 'Deployment', 'gateway')).containers[0];
      const env = environment(objects, container);
      expect(env.METRICS_PORT).not.toBe(env.PORT);
      const metricsPort = Number(env.METRICS_PORT);
      const metricsNames = (container.ports ?? []).filter((p) => p.containerPort === metricsPort).map((p) => p.name);
      const services = objects.filter((o) => o.kind === 'Service') as (K8sObject & Service)[];
      const gatewayServices = services.filter((s) => s.spec.selector?.['app.kubernetes.io/name'] === 'gateway');
      expect(gatewayServices.length).toBeGreaterThan(0);
      for (const service of gatewayServices) {
        for (const p of service.spec.ports) {
          const target = p.targetPort ?? p.port;
          expect(target === metricsPort || metricsNames.includes(String(target))).toBe(false);
        }
      }
      for (const ingress of objects.filter((o) => o.kind === 'Ingress') as (K8sObject & Ingress)[]) {
        for (const path of ingress.spec.rules.flatMap((r) => r.http.paths)) {
          expect(gatewayServices.map((s) => s.metadata.name)).toContain(path.backend.service.name);
        }
      }
    });
  });
});
