/** Moves files too big for a NATS request (uploads, downloads) between the gateway and a service through a JetStream Object Store bucket. */
import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode, notFound } from '@weop/contracts';
import { StorageType, nanos } from 'nats';
import type { JetStreamClient, ObjectInfo, ObjectResult, ObjectStore } from 'nats';
import type { Naming } from './naming';

export interface FileTransferOptions {
  /** How long an object lives after it was written; an abandoned transfer vanishes by itself. */
  ttlMs?: number;
  replicas?: number;
  /** A read that receives nothing for this long fails instead of waiting forever (chunks expired, NATS away). */
  idleTimeoutMs?: number;
}

export interface PutOptions {
  /** More bytes than this and the upload is refused (PAYLOAD_TOO_LARGE) and nothing is kept. */
  maxBytes: number;
  /** As declared by the uploader: metadata for the download only, never trusted for the type. */
  contentType?: string;
  filename?: string;
}

export interface StoredFile {
  name: string;
  size: number;
}

export interface FileDownload {
  size: number;
  contentType?: string;
  filename?: string;
  /**
   * An AsyncIterable (not the web ReadableStream nats gives): nothing is subscribed until the first
   * chunk is pulled, a stalled transfer fails after the idle timeout, and a corrupt object (digest
   * mismatch) fails the iteration. The gateway turns it into a Node stream with
   * `Readable.from(body, { objectMode: false })`; destroying that Readable (the client went away)
   * ends the iteration, which cancels the object store consumer.
   */
  body: AsyncIterable<Uint8Array>;
}

const DEFAULT_TTL_MS = 15 * 60 * 1000;
const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
const META_CONTENT_TYPE = 'content-type';
const META_FILENAME = 'filename';

const tooLarge = (maxBytes: number): DomainError =>
  new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, `The file is larger than the ${maxBytes} bytes allowed.`);

function isUint8Array(data: AsyncIterable<Uint8Array> | Uint8Array): data is Uint8Array {
  return data instanceof Uint8Array;
}

async function* once(data: Uint8Array): AsyncGenerator<Uint8Array> {
  yield data;
}

/** Resolves with `promise`, or rejects when it takes longer than `ms`. */
async function within<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The transfer's outcome. nats rejects `error` when the transfer breaks (the data stream errors too,
 * or it was cancelled while a chunk was arriving); handled here so that it is never an unhandled rejection.
 */
function settled(result: ObjectResult): Promise<Error | null> {
  return result.error.then(
    (error) => error,
    (error: unknown) => asError(error),
  );
}

/** Tells the source (e.g. the HTTP upload) that no more is read; its own failure to stop changes nothing. */
async function stop(source: AsyncIterator<Uint8Array>): Promise<void> {
  try {
    await source.return?.();
  } catch {
    // Nothing more to do with it.
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export class FileTransfers {
  /** The object store bucket: namespaced like the event streams (`<namespace>_WEOP_FILE_TRANSFERS`). */
  readonly bucket: string;
  private readonly ttlMs: number;
  private readonly replicas: number;
  private readonly idleTimeoutMs: number;
  private opened?: Promise<ObjectStore>;

  constructor(
    private readonly js: JetStreamClient,
    naming: Naming,
    options: FileTransferOptions = {},
  ) {
    // Naming.stream gives the namespace prefix stream names get; the store's own stream is `OBJ_<bucket>`.
    this.bucket = naming.stream('file-transfers');
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.replicas = options.replicas ?? 1;
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  }

  /** Streams `data` into the store under a new random name. */
  async put(data: AsyncIterable<Uint8Array> | Uint8Array, options: PutOptions): Promise<StoredFile> {
    if (isUint8Array(data) && data.byteLength > options.maxBytes) throw tooLarge(options.maxBytes);
    const store = await this.store();
    const name = randomUUID();
    const source = (isUint8Array(data) ? once(data) : data)[Symbol.asyncIterator]();
    let received = 0;
    let failure: Error | undefined;
    // On too many bytes (or a failing source) the stream ends cleanly rather than with an error: nats
    // then waits for every chunk's ack before writing the object's metadata, so the delete below
    // removes every chunk. Ending with an error would leave nats purging while chunk publishes may
    // still be in flight, and their rejections unhandled.
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const next = await source.next();
          if (next.done) {
            controller.close();
            return;
          }
          received += next.value.byteLength;
          if (received > options.maxBytes) {
            failure = tooLarge(options.maxBytes);
            await stop(source);
            controller.close();
            return;
          }
          controller.enqueue(next.value);
        } catch (error) {
          failure = asError(error);
          controller.close();
        }
      },
      async cancel() {
        await stop(source);
      },
    });
    const metadata: Record<string, string> = {};
    if (options.contentType) metadata[META_CONTENT_TYPE] = options.contentType;
    if (options.filename) metadata[META_FILENAME] = options.filename;
    let info: ObjectInfo;
    try {
      info = await store.put({ name, metadata }, body);
    } catch (error) {
      // NATS failed (nats has purged what it wrote): stop reading the upload too.
      await stop(source);
      throw error;
    }
    if (failure !== undefined) {
      // Should the delete fail, the bucket's TTL removes the object.
      await store.delete(name).catch(() => undefined);
      throw failure;
    }
    return { name, size: info.size };
  }

  /** The whole object in memory; NOT_FOUND when it is absent, removed or expired. */
  async read(name: string, maxBytes: number): Promise<Buffer> {
    const store = await this.store();
    const result = await store.get(name);
    if (!result) throw notFound('The file');
    if (result.info.size > maxBytes) {
      void settled(result);
      await result.data.cancel();
      throw tooLarge(maxBytes);
    }
    const parts: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of this.chunks(result)) {
      size += chunk.byteLength;
      if (size > maxBytes) throw tooLarge(maxBytes);
      parts.push(chunk);
    }
    return Buffer.concat(parts, size);
  }

  /** Size, declared type and name, and the bytes to stream to an HTTP reply; NOT_FOUND when absent. */
  async stream(name: string): Promise<FileDownload> {
    const store = await this.store();
    const info = await store.info(name);
    if (!info || info.deleted) throw notFound('The file');
    return {
      size: info.size,
      contentType: info.metadata?.[META_CONTENT_TYPE],
      filename: info.metadata?.[META_FILENAME],
      body: this.download(store, name),
    };
  }

  /** Removes the object; removing one that is gone already is fine. */
  async remove(name: string): Promise<void> {
    const store = await this.store();
    const info = await store.info(name);
    if (!info || info.deleted) return;
    await store.delete(name);
  }

  /** The bucket, created on first use; replicas creating it at once all get the same stream. */
  private store(): Promise<ObjectStore> {
    this.opened ??= this.open().catch((error: unknown) => {
      this.opened = undefined;
      throw error;
    });
    return this.opened;
  }

  private async open(): Promise<ObjectStore> {
    const options = { storage: StorageType.File, ttl: nanos(this.ttlMs), replicas: this.replicas, description: 'Files on their way between the gateway and a service' };
    try {
      return await this.js.views.os(this.bucket, { ...options });
    } catch (error) {
      // Created meanwhile by another replica (with other settings): the bucket is there, use it.
      if (!/already in use/i.test(String((error as Error).message))) throw error;
      return this.js.views.os(this.bucket, { ...options });
    }
  }

  /** Subscribes only when the first chunk is pulled. */
  private async *download(store: ObjectStore, name: string): AsyncGenerator<Uint8Array> {
    const result = await store.get(name);
    // Removed or expired between the info and the first chunk.
    if (!result) throw notFound('The file');
    yield* this.chunks(result);
  }

  /** The object's chunks; cancels the store's consumer when the caller stops early. */
  private async *chunks(result: ObjectResult): AsyncGenerator<Uint8Array> {
    const failed = settled(result);
    const reader = result.data.getReader();
    let finished = false;
    try {
      for (;;) {
        const next = await within(reader.read(), this.idleTimeoutMs, () => new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The file transfer stalled. Please try again.'));
        if (next.done) break;
        yield next.value;
      }
      finished = true;
      const error = await failed;
      if (error) throw error;
    } finally {
      if (!finished) await reader.cancel().catch(() => undefined);
      reader.releaseLock();
    }
  }
}
