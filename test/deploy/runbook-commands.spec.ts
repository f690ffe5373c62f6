// The Kubernetes commands of docs/operations.md, checked without a cluster: every `kubectl -n weop …`
// names objects the production overlay renders (Deployments, the NATS StatefulSet, migration Jobs,
// autoscalers) and selects labels its pods carry, every Secret it reads is one create-secrets.sh
// makes, and every overlay `rollout.sh` is given exists.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const RUNBOOK = readFileSync(join(ROOT, 'docs', 'operations.md'), 'utf8');

interface K8sObject {
  kind: string;
  metadata: { name: string };
  spec?: { template?: { metadata?: { labels?: Record<string, string> }; spec: { containers: { envFrom?: { secretRef?: { name: string } }[] }[] } } };
}

const rendered = parseAllDocuments(execFileSync('kubectl', ['kustomize', join(ROOT, 'deploy/k8s/overlays/production')], { encoding: 'utf8' })).map((doc) => doc.toJS() as K8sObject);

/** The runbook's shell: its code blocks' lines (continuations joined) and its inline code (line breaks joined). */
const FENCED = /```bash\n([\s\S]*?)```/g;
const shell = [
  ...[...RUNBOOK.matchAll(FENCED)].flatMap((match) => match[1].replace(/\\\n\s*/g, ' ').split('\n')),
  ...[...RUNBOOK.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`]+)`/g)].map((match) => match[1].replace(/\s*\n\s*/g, ' ')),
];
/** Each `kubectl -n weop …` command in it (nested ones too), up to a shell separator or a comment. */
const commands = shell.flatMap((line) => line.split('kubectl -n weop ').slice(1).map((rest) => rest.split(/ #|[&;|)`]/)[0].trim()));

const KINDS: Record<string, string> = { deployment: 'Deployment', deploy: 'Deployment', statefulset: 'StatefulSet', job: 'Job', hpa: 'HorizontalPodAutoscaler' };

describe('docs/operations.md: the Kubernetes commands', () => {
  it('there are commands for rotating keys, restoring (stop, start) and scaling', () => {
    expect(commands.length).toBeGreaterThan(10);
    for (const verb of [/^scale deployment\/\S+ --replicas=0/, /^rollout restart deployment\/identity/, /^rollout restart statefulset\/weop-nats/, /^wait --for=delete pod -l /, /^patch hpa /]) {
      expect(commands.some((command) => verb.test(command))).toBe(true);
    }
  });

  it.each(commands)('kubectl -n weop %s: names objects the production overlay renders', (command) => {
    const references = [
      ...[...command.matchAll(/\b(deployment|deploy|statefulset|job)\/([a-z0-9-]+|<app>)/g)].map(([, kind, name]) => [KINDS[kind], name]),
      ...[...command.matchAll(/^(?:patch|get|describe) hpa ([a-z0-9-]+)/g)].map(([, name]) => [KINDS.hpa, name]),
    ];
    for (const [kind, name] of references) {
      if (name === '<app>') continue; // a placeholder the text explains
      expect(rendered.filter((o) => o.kind === kind).map((o) => o.metadata.name)).toContain(name);
    }
    const selector = /(?:^| )-l (\S+)/.exec(command)?.[1];
    if (selector) {
      const wanted = Object.fromEntries(selector.split(',').map((pair) => pair.split('=')));
      const pods = rendered.flatMap((o) => (o.spec?.template?.metadata?.labels ? [o.spec.template.metadata.labels] : []));
      expect(pods.some((labels) => Object.entries(wanted).every(([k, v]) => labels[k] === v))).toBe(true);
    }
    const secret = /^get secret ([a-z0-9-]+)/.exec(command)?.[1];
    if (secret) expect(readFileSync(join(ROOT, 'deploy/k8s/create-secrets.sh'), 'utf8')).toMatch(new RegExp(`secret ${secret}\\b`));
  });

  it('every overlay the runbook rolls out exists', () => {
    // `<app>` stands for any app: content's is checked in its place.
    const overlays = [...RUNBOOK.matchAll(/deploy\/k8s\/rollout\.sh (deploy\/k8s\/overlays\/[^\s`]+)/g)].map((match) => match[1].replace('<app>', 'content'));
    expect(overlays.length).toBeGreaterThan(1);
    for (const overlay of overlays) expect(existsSync(join(ROOT, overlay, 'kustomization.yaml'))).toBe(true);
  });
});
