/** The operators' command line against the real NATS alone: dead letters listed and put back; what it says when nobody answers. */
import { randomUUID } from 'node:crypto';
import { connect, headers } from 'nats';
import type { NatsConnection } from 'nats';
import { DEAD_LETTER_HEADERS, Naming, ensureDeadLetterStream, ensureEventStream } from '@weop/messaging';
import { suiteScope } from '@weop/testing';
import type { SuiteScope } from '@weop/testing';
import { runCli } from '../scripts/weop-cli';

describe('npm run weop -- dead-letters, and with no service running', () => {
  let scope: SuiteScope;
  let nc: NatsConnection;
  let naming: Naming;
  let env: Record<string, string>;

  beforeAll(async () => {
    scope = await suiteScope('cli');
    nc = await connect({ servers: scope.natsUrl });
    naming = new Naming(scope.namespace);
    const jsm = await nc.jetstreamManager();
    await ensureEventStream(jsm, naming, 'identity');
    await ensureDeadLetterStream(jsm, naming);
    env = { NATS_URL: scope.natsUrl, WEOP_NATS_NAMESPACE: scope.namespace };
  });
  afterAll(async () => {
    await nc.close();
    await scope.cleanup();
  });

  const run = async (...argv: string[]): Promise<{ code: number; output: string }> => {
    const lines: string[] = [];
    const code = await runCli(argv, env, (line) => lines.push(line));
    return { code, output: lines.join('\n') };
  };

  it('lists a parked event with its reason and replays it onto its subject', async () => {
    expect((await run('dead-letters', 'list')).output).toContain('No dead letters.');
    const eventId = randomUUID();
    const subject = 'identity.account.deleted.v1';
    const envelope = { id: eventId, subject, producer: 'identity', occurredAt: new Date().toISOString(), payload: { accountId: randomUUID(), deletedAt: new Date().toISOString() } };
    const h = headers();
    h.set(DEAD_LETTER_HEADERS.subject, subject);
    h.set(DEAD_LETTER_HEADERS.consumer, 'content');
    h.set(DEAD_LETTER_HEADERS.error, 'database unreachable');
    h.set(DEAD_LETTER_HEADERS.deliveries, '6');
    h.set(DEAD_LETTER_HEADERS.eventId, eventId);
    const js = nc.jetstream();
    const parked = await js.publish(naming.deadLetter('content', subject), new TextEncoder().encode(JSON.stringify(envelope)), { headers: h });

    const listed = await run('dead-letters', 'list');
    expect(listed.code).toBe(0);
    expect(listed.output).toContain(`#${parked.seq}`);
    expect(listed.output).toContain(`event=${eventId}`);
    expect(listed.output).toContain('consumer=content');
    expect(listed.output).toContain('database unreachable');

    const replayed = await run('dead-letters', 'replay', String(parked.seq));
    expect(replayed.code).toBe(0);
    expect((await run('dead-letters', 'list')).output).toContain('No dead letters.');
    const jsm = await nc.jetstreamManager();
    const back = await jsm.streams.getMessage(naming.stream('identity'), { last_by_subj: naming.event(subject) });
    expect(JSON.parse(new TextDecoder().decode(back.data))).toEqual(envelope);
  });

  it('replays every dead letter with --all, each onto its own subject, and leaves the stream empty', async () => {
    const js = nc.jetstream();
    const jsm = await nc.jetstreamManager();
    await ensureEventStream(jsm, naming, 'content');
    const park = async (subject: string, consumer: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> => {
      const eventId = randomUUID();
      const envelope = { id: eventId, subject, producer: subject.split('.')[0], occurredAt: new Date().toISOString(), payload };
      const h = headers();
      h.set(DEAD_LETTER_HEADERS.subject, subject);
      h.set(DEAD_LETTER_HEADERS.consumer, consumer);
      h.set(DEAD_LETTER_HEADERS.error, 'handler failed');
      h.set(DEAD_LETTER_HEADERS.deliveries, '6');
      h.set(DEAD_LETTER_HEADERS.eventId, eventId);
      await js.publish(naming.deadLetter(consumer, subject), new TextEncoder().encode(JSON.stringify(envelope)), { headers: h });
      return envelope;
    };
    const deleted = await park('identity.account.deleted.v1', 'awards', { accountId: randomUUID(), deletedAt: new Date().toISOString() });
    const deletedAgain = await park('identity.account.deleted.v1', 'mentorship', { accountId: randomUUID(), deletedAt: new Date().toISOString() });
    const published = await park('content.item.published.v1', 'community', { itemId: randomUUID() });
    const before = { identity: (await jsm.streams.info(naming.stream('identity'))).state.last_seq, content: (await jsm.streams.info(naming.stream('content'))).state.last_seq };
    expect((await run('dead-letters', 'list')).output.match(/^#\d+/gm)).toHaveLength(3);

    const replayed = await run('dead-letters', 'replay', '--all');
    expect(replayed).toEqual({ code: 0, output: 'Replayed 3 dead letter(s).' });
    expect((await run('dead-letters', 'list')).output).toContain('No dead letters.');
    expect((await jsm.streams.info(naming.deadLetterStream())).state.messages).toBe(0);
    // Back on their original subjects, in the producers' streams, in the order they were parked.
    const readBack = async (producer: string, from: number): Promise<unknown[]> => {
      const info = await jsm.streams.info(naming.stream(producer));
      const out: unknown[] = [];
      for (let seq = from + 1; seq <= info.state.last_seq; seq++) {
        const m = await jsm.streams.getMessage(naming.stream(producer), { seq });
        out.push({ subject: naming.unprefixEvent(m.subject), envelope: JSON.parse(new TextDecoder().decode(m.data)), replayOf: Number(m.header.get('x-weop-replay-of')) > 0 });
      }
      return out;
    };
    expect(await readBack('identity', before.identity)).toEqual([
      { subject: 'identity.account.deleted.v1', envelope: deleted, replayOf: true },
      { subject: 'identity.account.deleted.v1', envelope: deletedAgain, replayOf: true },
    ]);
    expect(await readBack('content', before.content)).toEqual([{ subject: 'content.item.published.v1', envelope: published, replayOf: true }]);
    // With nothing left, --all says so and succeeds.
    expect(await run('dead-letters', 'replay', '--all')).toEqual({ code: 0, output: 'Replayed 0 dead letter(s).' });
  });

  it('says when nobody answers: no gateway to rebuild, services away during a reconcile (exit 1, nothing claimed)', async () => {
    const rebuild = await run('replica', 'rebuild');
    expect(rebuild).toEqual({ code: 1, output: 'No gateway answered.' });
    const reconcile = await run('reconcile', '--dry-run');
    expect(reconcile.code).toBe(1);
    expect(reconcile.output).toContain('content.report.filed.v1: not reconciled, content did not answer');
    expect(reconcile.output).toContain('Dry run: 0 event(s) would be re-published.');
    expect(reconcile.output).toMatch(/Incomplete: .*trust-safety\.sanction\.imposed\.v1/);
  });

  it('explains itself on a wrong command and refuses a sequence that is not a number', async () => {
    const help = await run('nonsense');
    expect(help.code).toBe(2);
    expect(help.output).toContain('Usage');
    expect((await run('dead-letters', 'replay', 'abc')).code).toBe(2);
    expect((await run('reconcile', '--force')).code).toBe(2);
    expect((await run('admin', 'create')).code).toBe(2);
    expect((await run('replica', 'rebuild', '--gateways', 'two')).code).toBe(2);
  });
});
