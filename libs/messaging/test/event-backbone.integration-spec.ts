/**
 * DESIGN rule 3 against the real PostgreSQL and NATS JetStream: no event is lost, no effect happens
 * twice, poison goes to the dead-letter stream and can be replayed, and the relay wakes on NOTIFY.
 * Each test opens its own world (database + namespace) under the suite's scope; see the harness.
 */
import { randomUUID } from 'node:crypto';
import type { JetStreamClient } from 'nats';
import { Client } from 'pg';
import { CLAIM_SETTINGS, DeadLetters, TooOldToReplay, claimQuery, ensureDeadLetterStream } from '@weop/messaging';
import { inline } from '@weop/persistence';
import type { EventHandler } from '@weop/messaging';
import { eventually, suiteScope } from '@weop/testing';
import type { SuiteScope } from '@weop/testing';
import { BackboneWorld, CONSUMER, PRODUCER, STATUS_CHANGED, applyStatus, newAccountId, statusChange } from './event-backbone.harness';
import type { StatusChanged } from './event-backbone.harness';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('event backbone (outbox → JetStream → durable consumer + inbox → dead letters)', () => {
  let scope: SuiteScope;
  const worlds: BackboneWorld[] = [];

  const world = async (name: string): Promise<BackboneWorld> => {
    const w = await BackboneWorld.open(scope, name);
    worlds.push(w);
    return w;
  };

  beforeAll(async () => {
    scope = await suiteScope('event-backbone');
  });

  afterEach(async () => {
    for (const w of worlds.splice(0)) await w.close();
  });

  afterAll(async () => {
    await scope?.cleanup();
  });

  it('applies an event committed while its consumer was not running, once the consumer starts', async () => {
    const w = await world('late');
    const accountId = newAccountId();
    await w.startRelay();

    const envelope = await w.commit(statusChange(accountId, 'suspended', 1));
    await eventually(() => w.sentAt(envelope.id));
    expect(await w.streamMessages()).toBe(1);
    // Nobody was listening: nothing applied yet.
    expect(await w.effects(accountId)).toEqual([]);

    await w.startConsumer();

    const effects = await eventually(async () => ((await w.effects(accountId)).length > 0 ? w.effects(accountId) : null));
    expect(effects).toEqual([{ event_id: envelope.id, account_id: accountId, status: 'suspended', version: 1 }]);
    expect(await w.inbox(envelope.id)).toEqual([{ consumer: CONSUMER, event_id: envelope.id }]);
  });

  it('applies events published while its durable consumer was stopped, once it starts again', async () => {
    const w = await world('restart');
    const before = newAccountId();
    const during = newAccountId();
    await w.startRelay();
    const first = await w.startConsumer();
    await w.commit(statusChange(before, 'suspended', 1));
    await eventually(async () => (await w.effects(before)).length > 0);
    await first.stop();

    const envelope = await w.commit(statusChange(during, 'active', 2));
    await eventually(() => w.sentAt(envelope.id));
    await sleep(300);
    expect(await w.effects(during)).toEqual([]);

    await w.startConsumer();

    await eventually(async () => (await w.effects(during)).length > 0);
    expect(await w.effects(during)).toEqual([{ event_id: envelope.id, account_id: during, status: 'active', version: 2 }]);
    expect(await w.effects(before)).toHaveLength(1);
  });

  describe('a relay that dies between commit and publish', () => {
    it('leaves the committed row unsent, and a new relay publishes it and the consumer applies it', async () => {
      const w = await world('norelay');
      const accountId = newAccountId();
      await w.startConsumer();

      // Committed with no relay running (the relay process was down or killed).
      const envelope = await w.commit(statusChange(accountId, 'expelled', 2));
      await sleep(300);
      expect(await w.sentAt(envelope.id)).toBeNull();
      expect(await w.streamMessages()).toBe(0);
      expect(await w.effects(accountId)).toEqual([]);

      await w.startRelay();

      const sentAt = await eventually(() => w.sentAt(envelope.id));
      expect(Date.parse(sentAt)).not.toBeNaN();
      await eventually(async () => (await w.effects(accountId)).length > 0);
      expect(await w.effects(accountId)).toEqual([{ event_id: envelope.id, account_id: accountId, status: 'expelled', version: 2 }]);
    });

    it('does not mark a row sent when JetStream never acknowledged it; the next relay publishes it', async () => {
      const w = await world('noack');
      const accountId = newAccountId();
      await w.startConsumer();

      // A relay whose publishes never get a PubAck (JetStream unreachable, or the process dies mid-publish).
      let publishAttempts = 0;
      const unreachable = {
        publish: async () => {
          publishAttempts++;
          throw new Error('JetStream unreachable');
        },
      } as unknown as JetStreamClient;
      const doomed = await w.startRelay({ js: unreachable });
      const envelope = await w.commit(statusChange(accountId, 'suspended', 3));
      await eventually(async () => publishAttempts > 0);
      await doomed.stop();
      expect(await w.sentAt(envelope.id)).toBeNull();
      expect(await w.streamMessages()).toBe(0);
      // The row says why it is stuck, for an operator looking at the outbox.
      const [row] = await w.query<{ last_error: string; attempts: number }>('select last_error, attempts from outbox_message where id = ?', [envelope.id]);
      expect(row.last_error).toContain('JetStream unreachable');
      expect(row.attempts).toBeGreaterThan(0);

      await w.startRelay();

      await eventually(() => w.sentAt(envelope.id));
      await eventually(async () => (await w.effects(accountId)).length > 0);
      expect(await w.effects(accountId)).toHaveLength(1);
    });
  });

  it('keeps what JetStream acknowledged when a publish fails mid-batch; the failed row and those after it go next, in order', async () => {
    const w = await world('midbatch');
    const accountId = newAccountId();
    const envelopes = [];
    for (let version = 1; version <= 3; version++) envelopes.push(await w.commit(statusChange(accountId, 'suspended', version)));
    // The second publish of the batch gets no PubAck.
    let publishes = 0;
    const flaky = {
      publish: (...args: Parameters<JetStreamClient['publish']>) => {
        publishes++;
        return publishes === 2 ? Promise.reject(new Error('PubAck timed out')) : w.js.publish(...args);
      },
    } as unknown as JetStreamClient;
    const relay = await w.startRelay({ js: flaky, pollIntervalMs: 60_000, listen: false });
    await eventually(async () => publishes >= 2);
    await relay.stop();
    const rows = await w.query<{ id: string; sent_at: string | null; attempts: number; last_error: string | null }>(
      'select id, sent_at, attempts, last_error from outbox_message where id in (?, ?, ?)',
      envelopes.map((e) => e.id),
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(envelopes[0].id)).toMatchObject({ attempts: 1, last_error: null });
    expect(byId.get(envelopes[0].id)?.sent_at).not.toBeNull();
    expect(byId.get(envelopes[1].id)).toMatchObject({ sent_at: null, attempts: 1, last_error: expect.stringContaining('PubAck timed out') });
    expect(byId.get(envelopes[2].id)).toMatchObject({ sent_at: null, attempts: 0, last_error: null });
    expect(await w.streamMessages()).toBe(1);

    await w.startConsumer();
    await w.startRelay();
    await eventually(async () => (await w.effects(accountId)).length === 3);
    expect((await w.effects(accountId)).map((e) => e.version)).toEqual([1, 2, 3]);
  });

  it('in lanes, applies different accounts\' events at once and each account\'s in stream order, each once', async () => {
    const w = await world('lanes');
    const accounts = [newAccountId(), newAccountId(), newAccountId()];
    let running = 0;
    let mostAtOnce = 0;
    const order = new Map<string, number[]>();
    const slow: EventHandler<StatusChanged> = async (payload, ctx) => {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      await sleep(40);
      order.set(payload.accountId, [...(order.get(payload.accountId) ?? []), payload.version]);
      running--;
      await applyStatus(payload, ctx);
    };
    await w.startRelay();
    // Five versions per account, interleaved in the stream.
    for (let version = 1; version <= 5; version++) {
      for (const accountId of accounts) await w.commit(statusChange(accountId, version % 2 ? 'suspended' : 'active', version));
    }
    await eventually(async () => ((await w.streamMessages()) === 15 ? true : null));
    await w.startConsumer(slow, {}, { lanes: 3, orderedBy: 'accountId' });
    await eventually(async () => (await w.consumerSettled(15)) || null, 15_000);
    // Three accounts at once, never two events of one account at once, and each account in order.
    expect(mostAtOnce).toBe(3);
    for (const accountId of accounts) {
      expect(order.get(accountId)).toEqual([1, 2, 3, 4, 5]);
      expect((await w.effects(accountId)).map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
    }
  });

  describe('a message delivered twice', () => {
    it('has one effect and one inbox row when the same envelope is in the stream twice', async () => {
      const w = await world('twice');
      const accountId = newAccountId();
      const handled: string[] = [];
      const counting: EventHandler<StatusChanged> = async (payload, ctx) => {
        handled.push(ctx.envelope.id);
        await applyStatus(payload, ctx);
      };
      await w.startConsumer(counting);

      // The same envelope under two message ids, so the stream's duplicate window does not drop it:
      // what a reconciliation pass re-publishing after the window, or a replay, looks like.
      const envelope = {
        id: randomUUID(),
        subject: STATUS_CHANGED,
        producer: PRODUCER,
        occurredAt: new Date().toISOString(),
        payload: statusChange(accountId, 'suspended', 4),
      };
      await w.publishRaw(envelope, `${envelope.id}:first`);
      await w.publishRaw(envelope, `${envelope.id}:second`);
      expect(await w.streamMessages()).toBe(2);

      // Both deliveries have been settled by the consumer...
      await eventually(() => w.consumerSettled(2));
      // ...the handler ran for the first only, and the effect is there once.
      expect(handled).toEqual([envelope.id]);
      expect(await w.effects(accountId)).toEqual([{ event_id: envelope.id, account_id: accountId, status: 'suspended', version: 4 }]);
      expect(await w.inbox(envelope.id)).toHaveLength(1);
    });

    it('has one effect when a relay re-publishes a row it published but could not mark sent', async () => {
      const w = await world('repub');
      const accountId = newAccountId();
      await w.startConsumer();
      const first = await w.startRelay();
      const envelope = await w.commit(statusChange(accountId, 'suspended', 5));
      await eventually(() => w.sentAt(envelope.id));
      await eventually(async () => (await w.effects(accountId)).length > 0);
      await first.stop();

      // As if the relay crashed after the PubAck but before its UPDATE committed.
      await w.query('update outbox_message set sent_at = null where id = ?', [envelope.id]);
      await w.startRelay();
      await eventually(() => w.sentAt(envelope.id));

      // The stream dropped the re-publish (Nats-Msg-Id = event id) and the consumer saw it once.
      expect(await w.streamMessages()).toBe(1);
      await eventually(() => w.consumerSettled(1));
      expect(await w.effects(accountId)).toHaveLength(1);
      expect(await w.inbox(envelope.id)).toHaveLength(1);
    });
  });

  it('dead-letters a poison message at once and a failing handler after maxDeliver, and replays once fixed', async () => {
    const w = await world('poison');
    const letters = new DeadLetters(w.jsm, w.js, w.naming);
    const poisonAccount = newAccountId();
    const fragileAccount = newAccountId();
    let failing = true;
    let attempts = 0;
    const fragile: EventHandler<StatusChanged> = async (payload, ctx) => {
      if (payload.accountId === fragileAccount) {
        attempts++;
        if (failing) throw new Error('projection store unavailable');
      }
      await applyStatus(payload, ctx);
    };
    await w.startConsumer(fragile, { maxDeliver: 3, retryDelaysMs: [50] });
    await w.startRelay();

    // 1. A payload that breaks its contract, published straight to the namespaced subject.
    const poison = {
      id: randomUUID(),
      subject: STATUS_CHANGED,
      producer: PRODUCER,
      occurredAt: new Date().toISOString(),
      payload: { ...statusChange(poisonAccount), status: 'bogus' },
    };
    await w.publishRaw(poison, poison.id);
    const [poisonLetter] = await eventually(async () => {
      const found = (await letters.list()).filter((l) => l.eventId === poison.id);
      return found.length > 0 ? found : null;
    });
    expect(poisonLetter).toMatchObject({ subject: STATUS_CHANGED, consumer: CONSUMER, deliveries: 1 });
    expect(poisonLetter.error).toMatch(/contract/);
    expect(poisonLetter.error).toMatch(/status/);
    expect(JSON.parse(poisonLetter.data)).toEqual(poison);
    expect(await w.effects(poisonAccount)).toEqual([]);

    // 2. A valid event whose handler throws on every try: retried, then parked after maxDeliver.
    const envelope = await w.commit(statusChange(fragileAccount, 'suspended', 6));
    const [fragileLetter] = await eventually(async () => {
      const found = (await letters.list()).filter((l) => l.eventId === envelope.id);
      return found.length > 0 ? found : null;
    });
    expect(fragileLetter).toMatchObject({ subject: STATUS_CHANGED, consumer: CONSUMER, deliveries: 3 });
    expect(fragileLetter.error).toContain('projection store unavailable');
    await eventually(() => w.consumerSettled(2));
    expect(attempts).toBe(3);
    // Every failed try rolled back, the inbox row included.
    expect(await w.effects(fragileAccount)).toEqual([]);
    expect(await w.inbox(envelope.id)).toEqual([]);

    // 3. Fix the cause, replay: applied once, and the dead letter is gone. An event older than the
    // inboxes remember (the horizon after it) is not replayed: another consumer might apply it twice.
    failing = false;
    const later = new Date(Date.now() + 60_000);
    await expect(letters.replay(fragileLetter.seq, later)).rejects.toBeInstanceOf(TooOldToReplay);
    const skipped = await letters.replayAll(later);
    expect(skipped.replayed).toEqual([]);
    expect(skipped.tooOld.map((l) => l.seq).sort()).toEqual([poisonLetter.seq, fragileLetter.seq].sort());
    expect((await letters.list()).map((l) => l.seq)).toContain(fragileLetter.seq);
    await letters.replay(fragileLetter.seq, new Date(Date.now() - 60_000));
    await eventually(async () => (await w.effects(fragileAccount)).length > 0);
    expect(await w.effects(fragileAccount)).toEqual([{ event_id: envelope.id, account_id: fragileAccount, status: 'suspended', version: 6 }]);
    expect(await w.inbox(envelope.id)).toHaveLength(1);
    const remaining = await letters.list();
    expect(remaining.map((l) => l.seq)).not.toContain(fragileLetter.seq);
    expect(remaining.map((l) => l.eventId)).toEqual([poison.id]);
  });

  it('keeps a failing event when it cannot be parked at maxDeliver, and parks it once the dead-letter stream is back', async () => {
    const w = await world('parkfail');
    const letters = new DeadLetters(w.jsm, w.js, w.naming);
    const accountId = newAccountId();
    let attempts = 0;
    await w.startConsumer(async () => {
      attempts++;
      throw new Error('projection store unavailable');
    });
    await w.startRelay();
    // The dead-letter stream is unavailable when the event runs out of tries.
    await w.jsm.streams.delete(w.naming.deadLetterStream());

    const envelope = await w.commit(statusChange(accountId, 'suspended', 7));
    await eventually(async () => attempts >= 3);
    await sleep(200);
    await ensureDeadLetterStream(w.jsm, w.naming);

    // The consumer could not park it, so it must come back (the consumer nak's it for 5 s) and be parked.
    const [letter] = await eventually(async () => {
      const found = (await letters.list()).filter((l) => l.eventId === envelope.id);
      return found.length > 0 ? found : null;
    }, 15_000);
    expect(letter).toMatchObject({ consumer: CONSUMER, subject: STATUS_CHANGED });
    await eventually(() => w.consumerSettled(1));
    expect(await w.effects(accountId)).toEqual([]);
  }, 30_000);

  it('publishes a committed event promptly on NOTIFY, without waiting for the next poll', async () => {
    const w = await world('notify');
    const arrivals = new Map<string, number>();
    const sub = w.nc.subscribe(w.naming.event(STATUS_CHANGED), {
      callback: (_err, msg) => {
        const id = msg.headers?.get('Nats-Msg-Id');
        if (id) arrivals.set(id, Date.now());
      },
    });
    try {
      // After its first tick the relay would not poll again for a minute.
      await w.startRelay({ pollIntervalMs: 60_000 });
      const warmUp = await w.commit(statusChange(newAccountId(), 'suspended', 1));
      await eventually(() => w.sentAt(warmUp.id));
      await sleep(200); // the first (immediate) tick is certainly behind us

      const committedAt = Date.now();
      const envelope = await w.commit(statusChange(newAccountId(), 'active', 2));
      const arrivedAt = await eventually(async () => arrivals.get(envelope.id), 3000, 10);

      // Typically a few ms; the bound is generous because the machine is shared.
      expect(arrivedAt - committedAt).toBeLessThan(3000);
      // Marked sent once the batch's UPDATE commits, just after the PubAck.
      await eventually(() => w.sentAt(envelope.id));
    } finally {
      sub.unsubscribe();
    }
  });

  it('wakes the relay from the outbox table\'s trigger: no NOTIFY round trip of the producer\'s, also after a rolled-back savepoint and for a row written by hand', async () => {
    const w = await world('notify-once');
    const arrivals = new Map<string, number>();
    const sub = w.nc.subscribe(w.naming.event(STATUS_CHANGED), {
      callback: (_err, msg) => {
        const id = msg.headers?.get('Nats-Msg-Id');
        if (id) arrivals.set(id, Date.now());
      },
    });
    // Every statement any connection sends, through the ORM or through `pg` directly (Outbox.add does the latter).
    const execute = jest.spyOn(Client.prototype, 'query');
    const notifies = () => execute.mock.calls.filter(([query]) => JSON.stringify(query).includes('pg_notify')).length;
    try {
      // Only a NOTIFY can wake this relay within the test's time.
      await w.startRelay({ pollIntervalMs: 60_000 });
      const warmUp = await w.commit(statusChange(newAccountId(), 'suspended', 1));
      await eventually(() => w.sentAt(warmUp.id));
      await sleep(200);

      execute.mockClear();
      const both = await w.orm.em.fork().transactional(async (em) => [
        await w.outbox.add(em, STATUS_CHANGED, statusChange(newAccountId(), 'suspended', 1)),
        await w.outbox.add(em, STATUS_CHANGED, statusChange(newAccountId(), 'expelled', 1)),
      ]);
      expect(notifies()).toBe(0);
      for (const e of both) await eventually(async () => arrivals.get(e.id), 3000, 10);

      // The trigger's NOTIFY inside a savepoint that rolled back went with it; the next insert notifies again.
      execute.mockClear();
      const after = await w.orm.em.fork().transactional(async (em) => {
        await em
          .transactional(async (inner) => {
            await w.outbox.add(inner, STATUS_CHANGED, statusChange(newAccountId(), 'suspended', 1));
            throw new Error('rolled back');
          })
          .catch(() => undefined);
        return w.outbox.add(em, STATUS_CHANGED, statusChange(newAccountId(), 'active', 2));
      });
      expect(notifies()).toBe(0);
      await eventually(async () => arrivals.get(after.id), 3000, 10);

      // A row an operator writes by hand (or reconcile re-publishes) wakes the relay as well.
      const byHand = statusChange(newAccountId(), 'active', 3);
      const envelope = { id: randomUUID(), subject: STATUS_CHANGED, producer: 'identity', occurredAt: new Date().toISOString(), payload: byHand };
      await w.orm.em.getConnection().execute(
        `insert into outbox_message (id, subject, envelope, created_at, attempts) values (?, ?, ?::jsonb, now(), 0)`,
        [envelope.id, STATUS_CHANGED, JSON.stringify(envelope)],
      );
      await eventually(async () => arrivals.get(envelope.id), 3000, 10);
    } finally {
      execute.mockRestore();
      sub.unsubscribe();
    }
  });

  it('claims unsent rows by an ordered index scan that steps over the rows it sent before, not a scan of them all', async () => {
    const w = await world('claim-plan');
    await w.startRelay();
    const sent = [];
    for (let i = 0; i < 1000; i += 1) sent.push(await w.commit(statusChange(newAccountId(), 'suspended', 1)));
    await eventually(async () => (await w.query<{ n: number }>('select count(*)::int as n from outbox_message where sent_at is null'))[0].n === 0, 10_000);
    const explain = async (): Promise<{ plan: string; buffers: number }> => {
      const [row] = await w.orm.em.fork().transactional(async (em) => {
        for (const setting of CLAIM_SETTINGS) await em.getConnection().execute(setting, [], 'run', em.getTransactionContext());
        return em.getConnection().execute<{ 'QUERY PLAN': unknown }[]>(`explain (analyze, buffers, format json) ${inline(claimQuery(100))}`, [], 'all', em.getTransactionContext());
      });
      const plan = JSON.stringify(row['QUERY PLAN']);
      return { plan, buffers: Number((row['QUERY PLAN'] as { Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number } }[])[0].Plan['Shared Hit Blocks']) };
    };
    const first = await explain();
    expect(first.plan).toContain('outbox_message_unsent_order_idx');
    expect(first.plan).not.toContain('Bitmap');
    // The 1000 rows marked sent left dead index entries (no VACUUM ran). Index scans (the relay's own claims, and
    // the first one here) mark them as they pass, so a claim steps over them: a few dozen pages at most, where a
    // bitmap scan, which marks nothing, reads every heap page those rows sit on (about 90) on every claim.
    const second = await explain();
    expect(second.buffers).toBeLessThan(50);
  });
});

