import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDiskBlobStorage, S3BlobStorage } from './blob-storage';

describe('LocalDiskBlobStorage', () => {
  let root: string;
  let storage: LocalDiskBlobStorage;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'weop-blobs-'));
    storage = new LocalDiskBlobStorage(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('keeps bytes and type, and forgets them on delete', async () => {
    await storage.put('photos/abc-1', { bytes: Buffer.from([1, 2, 3]), contentType: 'image/webp' });
    expect(await storage.get('photos/abc-1')).toEqual({ bytes: Buffer.from([1, 2, 3]), contentType: 'image/webp' });
    await storage.delete('photos/abc-1');
    expect(await storage.get('photos/abc-1')).toBeNull();
    expect(await readdir(join(root, 'photos'))).toEqual([]);
  });

  it('deletes a whole folder of one member\'s files, and nothing beside it', async () => {
    await storage.put('photos/a1/x', { bytes: Buffer.from([1]), contentType: 'image/webp' });
    await storage.put('photos/a1/y', { bytes: Buffer.from([2]), contentType: 'image/webp' });
    await storage.put('photos/a2/z', { bytes: Buffer.from([3]), contentType: 'image/webp' });
    await storage.deletePrefix('photos/a1/');
    expect(await storage.get('photos/a1/x')).toBeNull();
    expect(await storage.get('photos/a1/y')).toBeNull();
    expect(await storage.get('photos/a2/z')).not.toBeNull();
    await expect(storage.deletePrefix('photos/a2')).rejects.toThrow(/ends with/);
  });

  it.each(['../etc/passwd', '/abs', 'a/../../b', 'UPPER', 'a//b', ''])('refuses the key %p', async (key) => {
    await expect(storage.put(key, { bytes: Buffer.alloc(1), contentType: 'x' })).rejects.toThrow(/Invalid blob key/);
  });
});

describe('S3BlobStorage', () => {
  /** Records what the storage asks of S3 and answers listings from `pages`; the wire protocol is the SDK's. */
  const recording = (pages: string[][]) => {
    const sent: { name: string; input: Record<string, unknown> }[] = [];
    const client = {
      send: (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        sent.push({ name: command.constructor.name, input: command.input });
        if (command.constructor.name === 'ListObjectsV2Command') {
          const index = command.input.ContinuationToken ? Number(command.input.ContinuationToken) : 0;
          return Promise.resolve({ Contents: pages[index].map((Key) => ({ Key })), IsTruncated: index + 1 < pages.length, NextContinuationToken: String(index + 1) });
        }
        return Promise.resolve({});
      },
    };
    return { sent, storage: new S3BlobStorage({ bucket: 'weop', region: 'us-east-1', prefix: 'identity/' }, client as never) };
  };

  it('deletes a folder key by key over every page of the listing, never with the batch call S3-compatible servers refuse', async () => {
    const { sent, storage } = recording([['identity/photos/a1/x', 'identity/photos/a1/y'], ['identity/photos/a1/z']]);
    await storage.deletePrefix('photos/a1/');
    expect(sent.filter((c) => c.name === 'ListObjectsV2Command').map((c) => c.input.Prefix)).toEqual(['identity/photos/a1/', 'identity/photos/a1/']);
    expect(sent.filter((c) => c.name === 'DeleteObjectCommand').map((c) => c.input.Key).sort()).toEqual(['identity/photos/a1/x', 'identity/photos/a1/y', 'identity/photos/a1/z']);
    expect(sent.some((c) => c.name === 'DeleteObjectsCommand')).toBe(false);
  });

  it('puts a file with its type under the service prefix, without a server-side encryption header a KMS-less server refuses', async () => {
    const { sent, storage } = recording([]);
    await storage.put('photos/a1/x', { bytes: Buffer.from([1]), contentType: 'image/webp' });
    expect(sent).toEqual([{ name: 'PutObjectCommand', input: { Bucket: 'weop', Key: 'identity/photos/a1/x', Body: Buffer.from([1]), ContentType: 'image/webp' } }]);
  });
});
