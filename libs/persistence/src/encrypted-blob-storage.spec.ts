import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDiskBlobStorage } from './blob-storage';
import { EncryptedBlobStorage, encryptionKey } from './encrypted-blob-storage';

describe('encrypted blob storage', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'weop-sealed-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const files = async (root: string): Promise<string[]> => {
    const out: string[] = [];
    for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) if (entry.isFile()) out.push(join(entry.parentPath, entry.name));
    return out;
  };

  it('stores nothing readable on disk, and gives the file and its type back', async () => {
    const disk = new LocalDiskBlobStorage(dir);
    const sealed = new EncryptedBlobStorage(disk, encryptionKey(randomBytes(32)));
    const secret = Buffer.from('PASSPORT No 12345678 — Nargiza Karimova');
    await sealed.put('verification/a/front', { bytes: secret, contentType: 'image/jpeg' });
    for (const file of await files(dir)) expect((await readFile(file)).includes(Buffer.from('Nargiza'))).toBe(false);
    expect(await sealed.get('verification/a/front')).toEqual({ bytes: secret, contentType: 'image/jpeg' });
    expect(await sealed.get('verification/a/none')).toBeNull();
  });

  it('refuses a file moved under another key, a tampered file, or the wrong key', async () => {
    const disk = new LocalDiskBlobStorage(dir);
    const key = encryptionKey(randomBytes(32));
    const sealed = new EncryptedBlobStorage(disk, key);
    await sealed.put('verification/a/front', { bytes: Buffer.from('front'), contentType: 'image/png' });
    const raw = (await disk.get('verification/a/front'))!;
    await disk.put('verification/b/front', raw);
    await expect(sealed.get('verification/b/front')).rejects.toThrow();
    raw.bytes[raw.bytes.length - 1] ^= 1;
    await disk.put('verification/a/front', raw);
    await expect(sealed.get('verification/a/front')).rejects.toThrow();
    await sealed.put('verification/c/front', { bytes: Buffer.from('c'), contentType: 'image/png' });
    await expect(new EncryptedBlobStorage(disk, encryptionKey(randomBytes(32))).get('verification/c/front')).rejects.toThrow(/key this service does not have/);
  });

  it('opens files sealed before a rotation with the older key', async () => {
    const disk = new LocalDiskBlobStorage(dir);
    const old = encryptionKey(randomBytes(32));
    await new EncryptedBlobStorage(disk, old).put('k/1', { bytes: Buffer.from('before'), contentType: 'image/webp' });
    const rotated = new EncryptedBlobStorage(disk, encryptionKey(randomBytes(32)), [old]);
    expect((await rotated.get('k/1'))!.bytes.toString()).toBe('before');
  });
});
