/** FileTransfers against the real NATS JetStream Object Store, in a namespace of its own. */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { connect, nanos } from 'nats';
import type { JetStreamManager, NatsConnection } from 'nats';
import { ErrorCode } from '@weop/contracts';
import { FileTransfers, Naming } from '@weop/messaging';
import { suiteScope } from '@weop/testing';
import type { SuiteScope } from '@weop/testing';

const MB = 1024 * 1024;

async function* chunksOf(data: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < data.length; offset += size) yield data.subarray(offset, offset + size);
}

async function collect(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of body) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

describe('FileTransfers', () => {
  let scope: SuiteScope;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let transfers: FileTransfers;
  const buckets = new Set<string>();

  const make = (namespace: string, idleTimeoutMs?: number): FileTransfers => {
    const made = new FileTransfers(nc.jetstream(), new Naming(namespace), { idleTimeoutMs });
    buckets.add(made.bucket);
    return made;
  };
  /** What the bucket's stream holds: object chunks and object metadata (layout of the Object Store, ADR-20). */
  const held = async (bucket: string): Promise<{ chunks: number; objects: string[] }> => {
    const info = await jsm.streams.info(`OBJ_${bucket}`, { subjects_filter: `$O.${bucket}.C.>` });
    const store = await nc.jetstream().views.os(bucket);
    return { chunks: Object.keys(info.state.subjects ?? {}).length, objects: (await store.list()).map((o) => o.name) };
  };

  beforeAll(async () => {
    scope = await suiteScope('filetransfers');
    nc = await connect({ servers: scope.natsUrl });
    jsm = await nc.jetstreamManager();
    transfers = make(scope.namespace);
  });
  afterAll(async () => {
    // suiteScope cleans up streams named after the namespace; the store's stream is OBJ_<bucket>.
    for (const bucket of buckets) await jsm.streams.delete(`OBJ_${bucket}`).catch(() => undefined);
    await nc.close();
    await scope.cleanup();
  });

  it('creates its bucket once, namespaced, file-backed, with a TTL, even when replicas race', async () => {
    const racing = [transfers, make(scope.namespace), make(scope.namespace)];
    const stored = await Promise.all(racing.map((t) => t.put(Buffer.from('hello'), { maxBytes: 100 })));
    expect(new Set(racing.map((t) => t.bucket))).toEqual(new Set([`${scope.namespace}_WEOP_FILE_TRANSFERS`]));
    for (const { name } of stored) expect((await transfers.read(name, 100)).toString()).toBe('hello');
    const info = await jsm.streams.info(`OBJ_${transfers.bucket}`);
    expect(info.config).toMatchObject({ storage: 'file', max_age: nanos(15 * 60 * 1000), num_replicas: 1 });
    for (const { name } of stored) await transfers.remove(name);
  });

  it('round-trips 3 MB byte for byte, from a buffer and from a stream, by read and by stream', async () => {
    const data = randomBytes(3 * MB);
    const fromBuffer = await transfers.put(data, { maxBytes: 20 * MB, contentType: 'application/pdf', filename: 'Annual report.pdf' });
    expect(fromBuffer.size).toBe(data.length);
    expect((await transfers.read(fromBuffer.name, 20 * MB)).equals(data)).toBe(true);

    // Uneven chunks, as an HTTP upload delivers them.
    const fromStream = await transfers.put(Readable.from(chunksOf(data, 65_537)), { maxBytes: 3 * MB });
    expect(fromStream).toEqual({ name: expect.any(String), size: data.length });
    expect(fromStream.name).not.toBe(fromBuffer.name);

    const download = await transfers.stream(fromBuffer.name);
    expect(download).toMatchObject({ size: data.length, contentType: 'application/pdf', filename: 'Annual report.pdf' });
    expect((await collect(Readable.from(download.body, { objectMode: false }))).equals(data)).toBe(true);
    const plain = await transfers.stream(fromStream.name);
    expect(plain.contentType).toBeUndefined();
    expect((await collect(plain.body)).equals(data)).toBe(true);

    // Smaller than asked for: refused before it is read into memory.
    await expect(transfers.read(fromBuffer.name, MB)).rejects.toMatchObject({ code: ErrorCode.PAYLOAD_TOO_LARGE });
    await transfers.remove(fromBuffer.name);
    await transfers.remove(fromStream.name);
  });

  it('stops a download that is abandoned half-way', async () => {
    const data = randomBytes(2 * MB);
    const { name } = await transfers.put(data, { maxBytes: 2 * MB });
    const download = await transfers.stream(name);
    let received = 0;
    for await (const chunk of download.body) {
      received += chunk.byteLength;
      break;
    }
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(data.length);
    // The store is still usable and the object intact.
    expect((await transfers.read(name, 2 * MB)).equals(data)).toBe(true);
    await transfers.remove(name);
  });

  it('refuses a stream of more than maxBytes, stops reading it and keeps nothing', async () => {
    const before = await held(transfers.bucket);
    let pulled = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      for (;;) {
        pulled += 1;
        yield randomBytes(100_000);
      }
    }
    await expect(transfers.put(endless(), { maxBytes: MB, filename: 'big.pdf' })).rejects.toMatchObject({ code: ErrorCode.PAYLOAD_TOO_LARGE });
    expect(pulled).toBe(11);
    expect(await held(transfers.bucket)).toEqual(before);

    // Exactly maxBytes is allowed.
    const exact = await transfers.put(chunksOf(randomBytes(MB), 100_000), { maxBytes: MB });
    expect(exact.size).toBe(MB);
    await transfers.remove(exact.name);
  });

  it('refuses a buffer of more than maxBytes without writing anything', async () => {
    const before = await held(transfers.bucket);
    await expect(transfers.put(randomBytes(MB + 1), { maxBytes: MB })).rejects.toMatchObject({ code: ErrorCode.PAYLOAD_TOO_LARGE });
    expect(await held(transfers.bucket)).toEqual(before);
  });

  it('keeps nothing when the upload itself fails', async () => {
    const before = await held(transfers.bucket);
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield randomBytes(300_000);
      throw new Error('client went away');
    }
    await expect(transfers.put(broken(), { maxBytes: MB })).rejects.toThrow('client went away');
    expect(await held(transfers.bucket)).toEqual(before);
  });

  it('answers NOT_FOUND for an unknown, removed or other-namespace name', async () => {
    await expect(transfers.read('no-such-file', MB)).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
    await expect(transfers.stream('no-such-file')).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });

    const { name } = await transfers.put(Buffer.from('short-lived'), { maxBytes: 100 });
    await transfers.remove(name);
    await expect(transfers.read(name, MB)).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
    await expect(transfers.stream(name)).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });

    const kept = await transfers.put(Buffer.from('mine'), { maxBytes: 100 });
    const elsewhere = make(`${scope.namespace}x`);
    expect(elsewhere.bucket).not.toBe(transfers.bucket);
    await expect(elsewhere.read(kept.name, MB)).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
    await transfers.remove(kept.name);
  });

  it('fails a read whose chunks are gone (expired before their metadata) instead of waiting forever', async () => {
    const impatient = make(scope.namespace, 300);
    const { name } = await impatient.put(randomBytes(1000), { maxBytes: MB });
    await jsm.streams.purge(`OBJ_${impatient.bucket}`, { filter: `$O.${impatient.bucket}.C.>` });
    await expect(impatient.read(name, MB)).rejects.toMatchObject({ code: ErrorCode.SERVICE_UNAVAILABLE });
    const download = await impatient.stream(name);
    await expect(collect(download.body)).rejects.toMatchObject({ code: ErrorCode.SERVICE_UNAVAILABLE });
    await impatient.remove(name);
  });

  it('removes idempotently', async () => {
    const before = await held(transfers.bucket);
    const { name } = await transfers.put(randomBytes(300_000), { maxBytes: MB });
    const during = await held(transfers.bucket);
    expect(during.objects).toContain(name);
    expect(during.chunks).toBe(before.chunks + 1);
    await transfers.remove(name);
    expect(await held(transfers.bucket)).toEqual(before);
    await expect(transfers.remove(name)).resolves.toBeUndefined();
    await expect(transfers.remove('never-existed')).resolves.toBeUndefined();
    expect((await held(transfers.bucket)).objects).not.toContain(name);
  });
});
