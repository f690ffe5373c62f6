/** The perceptual hash on real image transforms: copies a member could make of a photo match it, other photos do not. */
import sharp from 'sharp';
import type { Sharp } from 'sharp';
import { syntheticPhoto } from '@weop/testing';
import { IdentityConfig } from '../identity.config';
import { fromStoredHash, hammingDistance, hashOfGrey, photoHash, toStoredHash } from './photo-hash';
import { reencodedPhoto } from './profile-photo.service';

const MAX_DISTANCE = new IdentityConfig().PHOTO_REUSE_MAX_DISTANCE;

/** Hashed as identity hashes an upload: after it is re-encoded for keeping. */
const uploadedHash = async (bytes: Buffer): Promise<bigint> => {
  const hash = await photoHash(await reencodedPhoto(bytes));
  if (hash === null) throw new Error('a photo with detail got no hash');
  return hash;
};

type Transform = (image: Sharp, width: number, height: number) => Sharp;
/** Cuts the given fractions off the left, top, right and bottom. */
const cropped = (image: Sharp, width: number, height: number, [l, t, r, b]: [number, number, number, number]): Sharp => {
  const left = Math.round(width * l);
  const top = Math.round(height * t);
  return image.extract({ left, top, width: width - left - Math.round(width * r), height: height - top - Math.round(height * b) });
};

const COPIES: Record<string, Transform> = {
  'resized to half, JPEG q80': (image, width) => image.resize(Math.round(width / 2)).jpeg({ quality: 80 }),
  'shrunk to 200 px wide, PNG': (image) => image.resize(200).png(),
  'recompressed as JPEG q10': (image) => image.jpeg({ quality: 10 }),
  'cropped 2.5 % off each side (5 % of width and height)': (image, width, height) => cropped(image, width, height, [0.025, 0.025, 0.025, 0.025]),
  'cropped 5 % off the bottom': (image, width, height) => cropped(image, width, height, [0, 0, 0, 0.05]),
  'cropped 2.5 % off each side, resized to 60 %, JPEG q25': (image, width, height) => cropped(image, width, height, [0.025, 0.025, 0.025, 0.025]).resize(Math.round(width * 0.6)).jpeg({ quality: 25 }),
  'brightened 10 %, JPEG q70': (image) => image.modulate({ brightness: 1.1 }).jpeg({ quality: 70 }),
};

const PHOTOS: [string, () => Promise<Buffer>][] = [
  ...[11, 12, 13, 14, 15].map((seed): [string, () => Promise<Buffer>] => [`portrait ${seed}`, () => syntheticPhoto(seed, 'portrait')]),
  ...[21, 22, 23].map((seed): [string, () => Promise<Buffer>] => [`scene ${seed}`, () => syntheticPhoto(seed, 'scene', 640, 480)]),
];

describe('photo hash', () => {
  describe.each(PHOTOS)('a copy of %s', (_name, make) => {
    let original: Buffer;
    let hash: bigint;
    let width: number;
    let height: number;
    beforeAll(async () => {
      original = await make();
      hash = await uploadedHash(original);
      ({ width = 0, height = 0 } = await sharp(original).metadata());
    });

    it.each(Object.entries(COPIES))('%s matches it', async (_how, transform) => {
      const copy = await transform(sharp(original), width, height).toBuffer();
      expect(copy.equals(original)).toBe(false);
      expect(hammingDistance(hash, await uploadedHash(copy))).toBeLessThanOrEqual(MAX_DISTANCE);
    });

    it('turned on its side and tagged to be shown upright (EXIF orientation) matches it', async () => {
      const sideways = await sharp(original).rotate(270).withMetadata({ orientation: 6 }).jpeg({ quality: 90 }).toBuffer();
      expect((await sharp(sideways).metadata()).orientation).toBe(6);
      expect(hammingDistance(hash, await uploadedHash(sideways))).toBeLessThanOrEqual(MAX_DISTANCE);
    });
  });

  it('keeps different photos apart, portraits included', async () => {
    const hashes: { name: string; hash: bigint }[] = [];
    for (let seed = 101; seed <= 112; seed++) hashes.push({ name: `portrait ${seed}`, hash: await uploadedHash(await syntheticPhoto(seed, 'portrait', 320, 400)) });
    for (let seed = 151; seed <= 154; seed++) hashes.push({ name: `scene ${seed}`, hash: await uploadedHash(await syntheticPhoto(seed, 'scene', 400, 300)) });
    const tooClose: string[] = [];
    let nearest = 64;
    for (let i = 0; i < hashes.length; i++) {
      for (let j = i + 1; j < hashes.length; j++) {
        const distance = hammingDistance(hashes[i].hash, hashes[j].hash);
        nearest = Math.min(nearest, distance);
        if (distance <= MAX_DISTANCE) tooClose.push(`${hashes[i].name} ~ ${hashes[j].name}: ${distance}`);
      }
    }
    expect(tooClose).toEqual([]);
    // Not just above the line: different photos differ in many bits.
    expect(nearest).toBeGreaterThan(MAX_DISTANCE + 2);
  }, 120_000);

  it('gives no hash to a plain photo, which would otherwise match every other plain photo', async () => {
    const plain = async (background: string): Promise<Buffer> => sharp({ create: { width: 800, height: 600, channels: 3, background } }).jpeg({ quality: 60 }).toBuffer();
    expect(await photoHash(await reencodedPhoto(await plain('#7a3e9d')))).toBeNull();
    expect(await photoHash(await reencodedPhoto(await plain('#ffffff')))).toBeNull();
    expect(await photoHash(await reencodedPhoto(await syntheticPhoto(71, 'scene')))).not.toBeNull();
  });

  it('uses the 63 pattern bits, about half of them set', async () => {
    const hash = await uploadedHash(await syntheticPhoto(81, 'portrait'));
    // The top bit stands for the mean brightness and is always 0.
    expect(hash >> 63n).toBe(0n);
    const ones = hammingDistance(hash, 0n);
    expect(ones).toBeGreaterThanOrEqual(28);
    expect(ones).toBeLessThanOrEqual(35);
  });

  it('depends on the picture, not on its brightness: a brighter grey image gets the same bits', () => {
    const grey = new Float64Array(32 * 32).map((_, i) => 100 + 60 * Math.sin(i / 7) + (i % 32));
    const brighter = grey.map((v) => v * 1.2 + 10);
    expect(hashOfGrey(grey)).not.toBeNull();
    expect(hashOfGrey(brighter)).toBe(hashOfGrey(grey));
  });

  it('counts differing bits and survives the trip through a signed bigint column', () => {
    expect(hammingDistance(0n, 0n)).toBe(0);
    expect(hammingDistance(0n, 0xffff_ffff_ffff_ffffn)).toBe(64);
    expect(hammingDistance(0b1011n, 0b0110n)).toBe(3);
    const high = 0xf000_0000_0000_0001n;
    expect(toStoredHash(high).startsWith('-')).toBe(true);
    expect(fromStoredHash(toStoredHash(high))).toBe(high);
    expect(fromStoredHash('-1')).toBe(0xffff_ffff_ffff_ffffn);
    expect(fromStoredHash(toStoredHash(0x7fffn))).toBe(0x7fffn);
  });
});
