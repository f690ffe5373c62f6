import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDiskBlobStorage } from './blob-storage';

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
