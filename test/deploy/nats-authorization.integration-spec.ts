// The NATS users of a deployment (deploy/nats-authorization.js → deploy/k8s/base/nats/auth.conf), proven
// on a private nats-server started with that file: each app publishes only its own subjects, the
// contracts' event subjects included, and the JetStream paths libs/messaging takes work under the rules.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AckPolicy, DeliverPolicy, connect } from 'nats';
import type { NatsConnection } from 'nats';
import { EVENTS, producerOf } from '@weop/contracts';
import { FileTransfers, Naming, ensureDeadLetterStream, ensureEventStream } from '@weop/messaging';
import { AUTH_CONF, authorization, natsServerBinary, passwordEnvironment, startNatsWithUsers } from '../support/nats-with-users';
import type { NatsWithUsers } from '../support/nats-with-users';

const ROOT = join(__dirname, '..', '..');
const users = authorization.natsUsers();
const apps = users.map((u) => u.user).filter((user) => user !== authorization.OPERATOR);

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('NATS users and permissions (deploy/k8s/base/nats/auth.conf)', () => {
  let nats: NatsWithUsers;
  const connections: NatsConnection[] = [];
  const as = async (user: string): Promise<NatsConnection> => {
    const nc = await connect({ servers: nats.url, user, pass: nats.passwordOf(user), timeout: 2000 });
    connections.push(nc);
    return nc;
  };

  beforeAll(async () => {
    nats = await startNatsWithUsers();
  });

  afterAll(async () => {
    await Promise.all(connections.map((nc) => nc.close().catch(() => undefined)));
    await nats?.stop();
  });

  it("the cluster's nats.conf, with auth.conf, is a configuration nats-server accepts", () => {
    const dir = mkdtempSync(join(tmpdir(), 'weop-nats-conf-'));
    try {
      const conf = readFileSync(join(ROOT, 'deploy', 'k8s', 'base', 'nats', 'nats.conf'), 'utf8');
      expect(conf).toMatch(/^  sync_interval: always$/m);
      // sync_interval came with nats-server 2.10 (the cluster's image); Debian's 2.9 here checks the rest.
      const version = spawnSync(natsServerBinary(), ['--version'], { encoding: 'utf8' }).stdout;
      const checked = /v2\.9\./.test(version) ? conf.replace(/^  sync_interval: always\n/m, '') : conf;
      writeFileSync(join(dir, 'nats.conf'), checked);
      copyFileSync(AUTH_CONF, join(dir, 'auth.conf'));
      // The environment the StatefulSet gives a node (the store limit's value: kubernetes-manifests.spec.ts).
      const test = spawnSync(natsServerBinary(), ['-t', '-c', join(dir, 'nats.conf')], { env: { ...process.env, ...passwordEnvironment(), POD_NAME: 'weop-nats-0', NATS_MAX_FILE_STORE: '8GB' }, encoding: 'utf8' });
      expect(`${test.stdout}${test.stderr}`).toMatch(/is valid/);
      expect(test.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('auth.conf is what deploy/nats-authorization.js generates (regenerate: node deploy/nats-authorization.js > deploy/k8s/base/nats/auth.conf)', () => {
    expect(readFileSync(AUTH_CONF, 'utf8')).toBe(authorization.renderAuthorization());
  });

  it('has a user for every producer of an event, every backend app, and object-store rights for every app that moves files', () => {
    const producers = new Set(Object.keys(EVENTS).map(producerOf));
    for (const producer of producers) expect(authorization.SERVICES).toContain(producer);
    const appDirs = readdirSync(join(ROOT, 'apps')).filter((app) => existsSync(join(ROOT, 'apps', app, 'src', 'main.ts')));
    for (const app of appDirs) expect(apps).toContain(app);
    const movingFiles = appDirs.filter((app) => sources(join(ROOT, 'apps', app, 'src')).some((file) => /\bFileTransfers\b/.test(readFileSync(file, 'utf8'))));
    expect(movingFiles.length).toBeGreaterThan(0);
    for (const app of movingFiles) expect(authorization.FILE_TRANSFER_APPS).toContain(app);
  });

  it("lets every event subject be published by its producer's user and by no other app's; requests only by the gateway", async () => {
    const observer = await as(authorization.OPERATOR);
    const seen: string[] = [];
    const sub = observer.subscribe('>', { callback: (_error, msg) => seen.push(`${msg.subject} from ${new TextDecoder().decode(msg.data)}`) });
    await observer.flush();
    // The contracts' events, plus one per service for services whose contracts are not in yet.
    const events = [...new Set([...Object.keys(EVENTS), ...authorization.SERVICES.map((service) => `${service}.probe.happened.v1`)])];
    const deadLetters = authorization.SERVICES.map((service) => `dead-letter.${service}.identity.account.deleted.v1`);
    const requests = authorization.SERVICES.map((service) => `rpc.${service}.health.ping`);
    // The operators' requests (only the operator user sends them) and the one service-to-service request.
    const opsRequests = ['rpc.identity.ops.admins.create', 'rpc.gateway.ops.status-replica.rebuild'];
    const serviceRequests = Object.values(authorization.SERVICE_REQUESTS).flatMap((subjects) => subjects ?? []);
    const probes = [...events, ...deadLetters, ...requests, ...opsRequests, ...serviceRequests, '_INBOX.probe.reply'];

    for (const app of apps) {
      const nc = await as(app);
      for (const subject of probes) nc.publish(subject, new TextEncoder().encode(app));
      await nc.flush();
    }
    await observer.flush();
    sub.unsubscribe();

    const expected = apps.flatMap((app) => [
      ...events.filter((subject) => producerOf(subject) === app),
      ...deadLetters.filter((subject) => subject.startsWith(`dead-letter.${app}.`)),
      // Every app answers requests (the gateway: the operators' replica rebuild); only the gateway requests,
      // never the operators' requests; a service only the requests SERVICE_REQUESTS names.
      ...(app === 'gateway' ? [...requests, ...serviceRequests] : authorization.SERVICE_REQUESTS[app] ?? []),
      '_INBOX.probe.reply',
    ].map((subject) => `${subject} from ${app}`));
    expect(seen.sort()).toEqual(expected.sort());
  });

  it("lets a service take only its own requests, and the gateway's requests reach it and are answered", async () => {
    const identity = await as('identity');
    const responder = identity.subscribe('rpc.identity.health.ping', { queue: 'identity', callback: (_error, msg) => msg.respond(new TextEncoder().encode('pong')) });
    await identity.flush();
    const gateway = await as('gateway');
    const answer = await gateway.request('rpc.identity.health.ping', new Uint8Array(), { timeout: 2000 });
    expect(new TextDecoder().decode(answer.data)).toBe('pong');
    responder.unsubscribe();

    // content listening on identity's requests is refused by the server.
    const content = await as('content');
    const stolen = content.subscribe('rpc.identity.>');
    await expect((async () => {
      for await (const msg of stolen) return msg;
      return undefined;
    })()).rejects.toThrow(/permissions violation/i);
  });

  it("lets each service run libs/messaging's JetStream paths: its stream, dead letters, consumers on other streams, acks", async () => {
    const naming = new Naming();
    for (const service of authorization.SERVICES) {
      const nc = await as(service);
      const jsm = await nc.jetstreamManager({ timeout: 2000 });
      await ensureDeadLetterStream(jsm, naming, 1);
      await ensureEventStream(jsm, naming, service, 1);
      await ensureEventStream(jsm, naming, 'identity', 1, service === 'identity');
      const ack = await nc.jetstream({ timeout: 2000 }).publish(`${service}.probe.happened.v1`, new TextEncoder().encode('{}'));
      expect(ack.stream).toBe(naming.stream(service));
    }

    // A durable consumer of another producer's stream, as EventConsumers creates, reads and acks it.
    const trustSafety = await as('trust-safety');
    const jsm = await trustSafety.jetstreamManager({ timeout: 2000 });
    const durable = naming.durable('trust-safety', 'identity.probe.happened.v1');
    await jsm.consumers.add(naming.stream('identity'), { durable_name: durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, filter_subject: 'identity.probe.happened.v1' });
    await jsm.consumers.update(naming.stream('identity'), durable, { max_deliver: -1 });
    const message = await (await trustSafety.jetstream().consumers.get(naming.stream('identity'), durable)).next({ expires: 2000 });
    expect(message?.subject).toBe('identity.probe.happened.v1');
    await expect(message?.ackAck()).resolves.toBe(true);

    // The gateway's live replica: an ordered consumer of identity's stream.
    const gateway = await as('gateway');
    const live = await gateway.jetstream().consumers.get(naming.stream('identity'), { filterSubjects: 'identity.probe.happened.v1' });
    expect((await live.next({ expires: 2000 }))?.subject).toBe('identity.probe.happened.v1');
  });

  it('refuses changing or deleting another app\'s stream, and deleting one\'s own', async () => {
    const naming = new Naming();
    const content = await as('content');
    const jsm = await content.jetstreamManager({ timeout: 1000 });
    await expect(ensureEventStream(jsm, naming, 'identity', 1, true)).rejects.toThrow();
    await expect(jsm.streams.delete(naming.stream('identity'))).rejects.toThrow();
    await expect(jsm.streams.delete(naming.stream('content'))).rejects.toThrow();
    await expect(jsm.streams.purge(naming.stream('content'))).rejects.toThrow();
    // The server says why (and so would tell an operator reading its log).
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(nats.violations()).toEqual(expect.arrayContaining([expect.stringMatching(/\$JS\.API\.STREAM\.DELETE\.WEOP_IDENTITY/)]));
    expect((await jsm.streams.info(naming.stream('identity'))).config.name).toBe(naming.stream('identity'));
  });

  it('moves a file from the gateway to a service and back through the object store', async () => {
    const naming = new Naming();
    const gateway = new FileTransfers((await as('gateway')).jetstream({ timeout: 2000 }), naming);
    const content = new FileTransfers((await as('content')).jetstream({ timeout: 2000 }), naming);
    const upload = await gateway.put(Buffer.from('a publication'), { maxBytes: 1000 });
    expect((await content.read(upload.name, 1000)).toString()).toBe('a publication');
    await content.remove(upload.name);
    const download = await content.put(Buffer.from('a download'), { maxBytes: 1000 });
    expect((await gateway.read(download.name, 1000)).toString()).toBe('a download');
    await gateway.remove(download.name);
  });
});
