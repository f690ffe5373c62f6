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
import { DEAD_LETTER_STREAM_OWNER, FileTransfers, Naming, ensureDeadLetterStream, ensureEventStream } from '@weop/messaging';
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

  it('grants the dead-letter stream to the owner libs/messaging names, and each app the durables its @OnEvent handlers need', () => {
    expect(authorization.DEAD_LETTER_STREAM_OWNER).toBe(DEAD_LETTER_STREAM_OWNER);
    const consumers = authorization.consumption(apps);
    const subjects = new Set(Object.keys(EVENTS));
    for (const app of apps) {
      for (const subject of [...consumers[app].durable, ...consumers[app].live]) expect(subjects).toContain(subject);
      // Naming.durable and the generator's durableOf name a durable alike.
      for (const subject of consumers[app].durable) expect(authorization.durableOf(app, subject)).toBe(new Naming().durable(app, subject));
    }
    // Read from the code: e.g. trust-safety's intake of community's reports, the blocks every projection keeps.
    expect(consumers['trust-safety'].durable).toContain('community.report.filed.v1');
    expect(consumers.community.durable).toEqual(expect.arrayContaining(['identity.block.created.v1', 'identity.block.removed.v1']));
    expect(consumers.mentorship.durable).toEqual(expect.arrayContaining(['identity.block.created.v1', 'identity.block.removed.v1']));
    expect(consumers.gateway).toEqual({ durable: [], live: expect.arrayContaining(['identity.account.status-changed.v1']) });
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

  it("lets each service run libs/messaging's JetStream paths: its stream, dead letters, its consumers on other streams, acks", async () => {
    const naming = new Naming();
    // The dead-letter stream's owner creates it; every other service only checks for it.
    for (const service of [DEAD_LETTER_STREAM_OWNER, ...authorization.SERVICES.filter((s) => s !== DEAD_LETTER_STREAM_OWNER)]) {
      const nc = await as(service);
      const jsm = await nc.jetstreamManager({ timeout: 2000 });
      await expect(ensureDeadLetterStream(jsm, naming, 1, service === DEAD_LETTER_STREAM_OWNER)).resolves.toBe(true);
      await ensureEventStream(jsm, naming, service, 1);
      if (service !== 'identity') await ensureEventStream(jsm, naming, 'identity', 1, false);
      const ack = await nc.jetstream({ timeout: 2000 }).publish(`${service}.probe.happened.v1`, new TextEncoder().encode('{}'));
      expect(ack.stream).toBe(naming.stream(service));
      // Its dead letters go into the shared stream.
      const parked = await nc.jetstream({ timeout: 2000 }).publish(naming.deadLetter(service, 'identity.profile.changed.v1'), new TextEncoder().encode('{}'));
      expect(parked.stream).toBe(naming.deadLetterStream());
    }

    // Each service's own durable consumers, as EventConsumers creates, updates, reads and acks them.
    const identity = await as('identity');
    await identity.jetstream({ timeout: 2000 }).publish('identity.profile.changed.v1', new TextEncoder().encode('{}'));
    const consumers = authorization.consumption(apps);
    for (const service of authorization.SERVICES) {
      for (const subject of consumers[service].durable.filter((s) => s === 'identity.profile.changed.v1')) {
        const nc = await as(service);
        const jsm = await nc.jetstreamManager({ timeout: 2000 });
        const durable = naming.durable(service, subject);
        await jsm.consumers.add(naming.stream('identity'), { durable_name: durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, filter_subject: subject });
        await jsm.consumers.update(naming.stream('identity'), durable, { max_deliver: -1 });
        const message = await (await nc.jetstream().consumers.get(naming.stream('identity'), durable)).next({ expires: 2000 });
        expect(message?.subject).toBe(subject);
        await expect(message?.ackAck()).resolves.toBe(true);
      }
    }
    expect(authorization.SERVICES.filter((service) => consumers[service].durable.includes('identity.profile.changed.v1')).length).toBeGreaterThan(1);

    // The gateway's live replica: an ordered consumer of identity's stream, on the subjects it reads live.
    expect(consumers.gateway.live).toContain('identity.account.status-changed.v1');
    await identity.jetstream({ timeout: 2000 }).publish('identity.account.status-changed.v1', new TextEncoder().encode('{}'));
    const gateway = await as('gateway');
    const live = await gateway.jetstream().consumers.get(naming.stream('identity'), { filterSubjects: 'identity.account.status-changed.v1' });
    expect((await live.next({ expires: 2000 }))?.subject).toBe('identity.account.status-changed.v1');
  });

  it("refuses a service another's durable consumer: deleting it, reading from it, taking its name", async () => {
    const naming = new Naming();
    const stream = naming.stream('identity');
    const theirs = naming.durable('trust-safety', 'identity.profile.changed.v1');
    const content = await as('content');
    const jsm = await content.jetstreamManager({ timeout: 1000 });
    await expect(jsm.consumers.delete(stream, theirs)).rejects.toThrow();
    await expect(jsm.consumers.add(stream, { durable_name: theirs, ack_policy: AckPolicy.Explicit, filter_subject: 'identity.profile.changed.v1' })).rejects.toThrow();
    await expect(jsm.consumers.info(stream, theirs)).rejects.toThrow();
    // What a pull of its messages sends (JetStreamClient.consumers.get(…).next() after the info above).
    await expect(content.request(`$JS.API.CONSUMER.MSG.NEXT.${stream}.${theirs}`, new TextEncoder().encode(JSON.stringify({ batch: 1, no_wait: true })), { timeout: 1000 })).rejects.toThrow();
    // The gateway reads identity's stream live, under any consumer name but the services' durables.
    const gateway = await (await as('gateway')).jetstreamManager({ timeout: 1000 });
    await expect(gateway.consumers.delete(stream, theirs)).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(nats.violations()).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`\\$JS\\.API\\.CONSUMER\\.DELETE\\.${stream}\\.${theirs}`)),
      expect.stringMatching(new RegExp(`\\$JS\\.API\\.CONSUMER\\.MSG\\.NEXT\\.${stream}\\.${theirs}`)),
    ]));
    // Still there, its position untouched.
    const operator = await (await as(authorization.OPERATOR)).jetstreamManager({ timeout: 1000 });
    expect((await operator.consumers.info(stream, theirs)).delivered.stream_seq).toBeGreaterThan(0);
  });

  it("refuses a service a consumer on another's stream beyond the subjects it consumes", async () => {
    const naming = new Naming();
    const stream = naming.stream('identity');
    const consumers = authorization.consumption(apps);
    // Reports of profiles are trust-safety's to read, never content's.
    expect(consumers.content.durable).not.toContain('identity.report.filed.v1');
    expect(consumers['trust-safety'].durable).toContain('identity.report.filed.v1');
    const content = await as('content');
    const jsm = await content.jetstreamManager({ timeout: 1000 });
    // Not a durable of its own name for that subject, nor its own durable's name with another filter…
    await expect(jsm.consumers.add(stream, { durable_name: naming.durable('content', 'identity.report.filed.v1'), ack_policy: AckPolicy.Explicit, filter_subject: 'identity.report.filed.v1' })).rejects.toThrow();
    await expect(jsm.consumers.add(stream, { durable_name: naming.durable('content', 'identity.profile.changed.v1'), ack_policy: AckPolicy.Explicit, filter_subject: 'identity.report.filed.v1' })).rejects.toThrow();
    // …nor an ephemeral one as an ordered consumer creates (only the gateway reads live), nor one of the whole stream.
    await expect(jsm.consumers.add(stream, { name: 'content-live', ack_policy: AckPolicy.None, filter_subject: 'identity.report.filed.v1' })).rejects.toThrow();
    await expect(jsm.consumers.add(stream, { name: 'everything', ack_policy: AckPolicy.None })).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(nats.violations()).toEqual(expect.arrayContaining([expect.stringMatching(/\$JS\.API\.CONSUMER\.CREATE\.WEOP_IDENTITY\.content__identity_report_filed_v1/)]));
    const operator = await (await as(authorization.OPERATOR)).jetstreamManager({ timeout: 1000 });
    const contents: { name: string; filter?: string }[] = [];
    for await (const info of operator.consumers.list(stream)) if (info.name.startsWith('content')) contents.push({ name: info.name, filter: info.config.filter_subject });
    // Only the durable it was granted (made in the test above), still on its own subject.
    expect(contents).toEqual([{ name: naming.durable('content', 'identity.profile.changed.v1'), filter: 'identity.profile.changed.v1' }]);
  });

  it('refuses every service but its owner changing the dead-letter stream, so nobody can wipe the dead letters', async () => {
    const naming = new Naming();
    const operator = await (await as(authorization.OPERATOR)).jetstreamManager({ timeout: 1000 });
    const before = (await operator.streams.info(naming.deadLetterStream())).config.max_age;
    expect(before).toBeGreaterThan(86_400e9);
    for (const service of authorization.SERVICES.filter((s) => s !== DEAD_LETTER_STREAM_OWNER)) {
      const jsm = await (await as(service)).jetstreamManager({ timeout: 1000 });
      await expect(jsm.streams.update(naming.deadLetterStream(), { max_age: 1e9 })).rejects.toThrow();
    }
    const gateway = await (await as('gateway')).jetstreamManager({ timeout: 1000 });
    await expect(gateway.streams.update(naming.deadLetterStream(), { max_age: 1e9 })).rejects.toThrow();
    await expect(gateway.streams.add({ name: 'WEOP_PROBE', subjects: ['probe.>'] })).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(nats.violations()).toEqual(expect.arrayContaining([expect.stringMatching(/\$JS\.API\.STREAM\.UPDATE\.WEOP_DEAD_LETTERS/)]));
    const after = await operator.streams.info(naming.deadLetterStream());
    expect(after.config.max_age).toBe(before);
    expect(after.state.messages).toBeGreaterThanOrEqual(authorization.SERVICES.length);
  });

  it('refuses changing or deleting another app\'s stream, and deleting one\'s own', async () => {
    const naming = new Naming();
    const content = await as('content');
    const jsm = await content.jetstreamManager({ timeout: 1000 });
    await expect(ensureEventStream(jsm, naming, 'identity', 1, true)).rejects.toThrow();
    // Not even a stream it consumes (its producer creates it; the consumer waits), nor any other.
    expect(authorization.consumption(apps).content.durable.some((subject) => producerOf(subject) === 'trust-safety')).toBe(true);
    await expect(jsm.streams.add({ name: naming.stream('trust-safety'), subjects: naming.streamSubjects('trust-safety') })).rejects.toThrow();
    await expect(jsm.streams.add({ name: 'WEOP_MENTORSHIP_COPY', subjects: ['mentorship-copy.>'] })).rejects.toThrow();
    await expect(jsm.streams.delete(naming.stream('identity'))).rejects.toThrow();
    await expect(jsm.streams.delete(naming.stream('content'))).rejects.toThrow();
    await expect(jsm.streams.purge(naming.stream('content'))).rejects.toThrow();
    // The server says why (and so would tell an operator reading its log).
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(nats.violations()).toEqual(expect.arrayContaining([
      expect.stringMatching(/\$JS\.API\.STREAM\.DELETE\.WEOP_IDENTITY/),
      expect.stringMatching(/\$JS\.API\.STREAM\.CREATE\.WEOP_TRUST_SAFETY/),
    ]));
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
