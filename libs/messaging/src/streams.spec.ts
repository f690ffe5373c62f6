// Unit tests for the stream set-up: replicas as configured (WEOP_STREAM_REPLICAS), and only a producer updates its stream.
import type { JetStreamManager, StreamConfig } from 'nats';
import { Naming } from './naming';
import { ensureDeadLetterStream, ensureEventStream } from './streams';

function fakeJsm(existing: string[]): { jsm: JetStreamManager; added: Partial<StreamConfig>[]; updated: Partial<StreamConfig>[] } {
  const added: Partial<StreamConfig>[] = [];
  const updated: Partial<StreamConfig>[] = [];
  const streams = {
    info: (name: string) => (existing.includes(name) ? Promise.resolve({}) : Promise.reject(Object.assign(new Error('stream not found'), { code: '404' }))),
    add: (config: Partial<StreamConfig>) => {
      added.push(config);
      return Promise.resolve({});
    },
    update: (_name: string, config: Partial<StreamConfig>) => {
      updated.push(config);
      return Promise.resolve({});
    },
  };
  return { jsm: { streams } as unknown as JetStreamManager, added, updated };
}

describe('streams', () => {
  const naming = new Naming();

  it('creates event and dead-letter streams with the replicas asked for, one by default', async () => {
    const { jsm, added } = fakeJsm([]);
    await ensureEventStream(jsm, naming, 'identity', 3);
    await ensureDeadLetterStream(jsm, naming, 3);
    await ensureEventStream(jsm, naming, 'content');
    expect(added.map((c) => [c.name, c.num_replicas])).toEqual([
      ['WEOP_IDENTITY', 3],
      ['WEOP_DEAD_LETTERS', 3],
      ['WEOP_CONTENT', 1],
    ]);
  });

  it('updates an existing stream only when asked (its producer), never for a consumer', async () => {
    const { jsm, added, updated } = fakeJsm(['WEOP_IDENTITY']);
    await ensureEventStream(jsm, naming, 'identity', 3, false);
    expect(updated).toEqual([]);
    await ensureEventStream(jsm, naming, 'identity', 3, true);
    expect(updated.map((c) => c.num_replicas)).toEqual([3]);
    expect(added).toEqual([]);
  });
});
