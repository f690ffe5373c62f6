/**
 * connectNats against the real NATS: what a service writes during one event-loop turn leaves in one system
 * call, and every message still arrives, in order.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Socket } from 'node:net';
import { ErrorCode, JSONCodec, NatsError, connect } from 'nats';
import type { NatsConnection } from 'nats';
import { connectNats } from '@weop/messaging';
import { suiteScope } from '@weop/testing';
import type { SuiteScope } from '@weop/testing';

const codec = JSONCodec<{ n: number }>();

/** The connection's socket (nats.js keeps it on its transport). */
function socketOf(nc: NatsConnection): Socket {
  return (nc as unknown as { protocol: { transport: { socket: Socket } } }).protocol.transport.socket;
}

/** Counts the socket writes (`write` or `writev` system calls) made while `work` runs and one turn after it. */
async function writesDuring(nc: NatsConnection, work: () => Promise<void>): Promise<number> {
  const socket = socketOf(nc) as Socket & { _write: (...args: unknown[]) => void; _writev: (...args: unknown[]) => void };
  const single = jest.spyOn(socket, '_write');
  const vector = jest.spyOn(socket, '_writev');
  try {
    await work();
    await nextTurn();
    return single.mock.calls.length + vector.mock.calls.length;
  } finally {
    single.mockRestore();
    vector.mockRestore();
  }
}

/** Three messages published in one turn, each after nats.js has already flushed the one before. */
async function publishThreeInOneTurn(nc: NatsConnection, subject: string, from: number): Promise<void> {
  for (let n = from; n < from + 3; n++) {
    nc.publish(subject, codec.encode({ n }));
    for (let i = 0; i < 3; i++) await Promise.resolve();
  }
}

describe('connectNats', () => {
  let scope: SuiteScope;
  let plain: NatsConnection;
  let coalescing: NatsConnection;

  beforeAll(async () => {
    scope = await suiteScope('natsconnection');
    plain = await connect({ servers: scope.natsUrl });
    coalescing = await connectNats({ servers: scope.natsUrl });
  });
  afterAll(async () => {
    await coalescing.close();
    await plain.close();
    await scope.cleanup();
  });

  it('sends what one turn published in one write, where plain nats.js makes one per message, and all arrive in order', async () => {
    const subject = `${scope.namespace}.coalesce`;
    const received: number[] = [];
    const sub = plain.subscribe(subject, { max: 6, callback: (_error, msg) => received.push(codec.decode(msg.data).n) });
    await plain.flush();

    const plainWrites = await writesDuring(plain, () => publishThreeInOneTurn(plain, subject, 0));
    const coalescedWrites = await writesDuring(coalescing, () => publishThreeInOneTurn(coalescing, subject, 3));
    await sub.closed;

    expect(plainWrites).toBe(3);
    expect(coalescedWrites).toBe(1);
    expect(received).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('delivers a message published just before drain(), the way a service stops', async () => {
    const subject = `${scope.namespace}.last-words`;
    const received: number[] = [];
    const sub = plain.subscribe(subject, { max: 1, callback: (_error, msg) => received.push(codec.decode(msg.data).n) });
    await plain.flush();
    const closing = await connectNats({ servers: scope.natsUrl });
    closing.publish(subject, codec.encode({ n: 42 }));
    await closing.drain();
    await sub.closed;
    expect(received).toEqual([42]);
  });

  it('answers many concurrent requests, each with its own reply', async () => {
    const subject = `${scope.namespace}.double`;
    const responder = coalescing.subscribe(subject, { callback: (_error, msg) => msg.respond(codec.encode({ n: codec.decode(msg.data).n * 2 })) });
    await coalescing.flush();
    const answers = await Promise.all(
      Array.from({ length: 200 }, async (_, n) => codec.decode((await coalescing.request(subject, codec.encode({ n }), { timeout: 5000 })).data).n),
    );
    expect(answers).toEqual(Array.from({ length: 200 }, (_, n) => n * 2));
    responder.unsubscribe();
  });

  it('builds no error for a request its reply answered, and still times out one that gets none', async () => {
    // As the services connect (MessagingModule): without async traces, nats.js builds no error up front either.
    const nc = await connectNats({ servers: scope.natsUrl, noAsyncTraces: true });
    const subject = `${scope.namespace}.answered`;
    const responder = nc.subscribe(subject, { callback: (_error, msg) => msg.respond(codec.encode({ n: codec.decode(msg.data).n + 1 })) });
    const silent = nc.subscribe(`${scope.namespace}.silent`, { callback: () => undefined });
    await nc.flush();
    const made = jest.spyOn(NatsError, 'errorForCode');
    try {
      for (let n = 0; n < 20; n++) expect(codec.decode((await nc.request(subject, codec.encode({ n }), { timeout: 5000 })).data)).toEqual({ n: n + 1 });
      expect(made).not.toHaveBeenCalled();
      // A subscriber that never answers: the request must still end, as a timeout.
      await expect(nc.request(`${scope.namespace}.silent`, codec.encode({ n: 0 }), { timeout: 200 })).rejects.toMatchObject({ code: ErrorCode.Timeout });
    } finally {
      made.mockRestore();
      responder.unsubscribe();
      silent.unsubscribe();
      await nc.close();
    }
  });
});
