/**
 * A 64-bit perceptual hash of a photo (the DCT "pHash"): the photo is turned upright, made grey and
 * squeezed to 32×32, and each bit tells whether one of its 8×8 lowest spatial frequencies is above
 * their median. Resizing, recompressing or re-encoding a photo moves only a few of those bits; a
 * different photo moves about half. Two photos are compared by the number of differing bits
 * (Hamming distance). Measured behaviour and the chosen threshold: docs/performance.md.
 */
import sharp from 'sharp';

const SIDE = 32;
const BLOCK = 8;
/**
 * A photo with almost no detail (a plain colour, a faint gradient) has no low frequencies worth the
 * name: its bits would be decided by rounding, and every plain photo would "match" every other.
 * Such a photo gets no hash. Measured as the standard deviation of the 32×32 grey levels (0–255).
 */
const MIN_DETAIL = 2;

/** cos((2x+1)uπ / 2·SIDE) for u < BLOCK, x < SIDE: the DCT-II basis, computed once. */
const BASIS: Float64Array = (() => {
  const basis = new Float64Array(BLOCK * SIDE);
  for (let u = 0; u < BLOCK; u++) for (let x = 0; x < SIDE; x++) basis[u * SIDE + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * SIDE));
  return basis;
})();

/** The photo's hash as an unsigned 64-bit value, or null when the photo has too little detail to tell it apart. */
export async function photoHash(image: Buffer): Promise<bigint | null> {
  const { data, info } = await sharp(image, { limitInputPixels: 40_000_000 })
    .rotate()
    .flatten({ background: '#ffffff' })
    .resize(SIDE, SIDE, { fit: 'fill' })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const grey = new Float64Array(SIDE * SIDE);
  for (let i = 0; i < grey.length; i++) grey[i] = data[i * info.channels];
  return hashOfGrey(grey);
}

/** The hash of a SIDE×SIDE grey image, row by row. Exported for tests. */
export function hashOfGrey(grey: Float64Array): bigint | null {
  if (standardDeviation(grey) < MIN_DETAIL) return null;
  const coefficients = lowFrequencies(grey);
  // The first coefficient is the mean brightness, not a pattern: it takes no part in the median and its bit stays 0.
  const ac = Array.from(coefficients.subarray(1)).sort((a, b) => a - b);
  const median = (ac[(ac.length - 1) >> 1] + ac[ac.length >> 1]) / 2;
  let hash = 0n;
  for (let i = 1; i < coefficients.length; i++) if (coefficients[i] > median) hash |= 1n << BigInt(63 - i);
  return hash;
}

/** Number of bits in which two hashes differ. */
export function hammingDistance(a: bigint, b: bigint): number {
  let rest = BigInt.asUintN(64, a ^ b);
  let count = 0;
  while (rest !== 0n) {
    rest &= rest - 1n;
    count++;
  }
  return count;
}

/** PostgreSQL's bigint is signed: the same 64 bits, read as a signed value, for storing. */
export const toStoredHash = (hash: bigint): string => BigInt.asIntN(64, hash).toString();
/** A stored bigint (as text or number) back to the unsigned hash. */
export const fromStoredHash = (stored: string | number | bigint): bigint => BigInt.asUintN(64, BigInt(stored));

/** The BLOCK×BLOCK lowest-frequency coefficients of the 2-D DCT-II (unnormalised: only their order matters). */
function lowFrequencies(grey: Float64Array): Float64Array {
  const rows = new Float64Array(SIDE * BLOCK);
  for (let y = 0; y < SIDE; y++) {
    for (let u = 0; u < BLOCK; u++) {
      let sum = 0;
      for (let x = 0; x < SIDE; x++) sum += grey[y * SIDE + x] * BASIS[u * SIDE + x];
      rows[y * BLOCK + u] = sum;
    }
  }
  const out = new Float64Array(BLOCK * BLOCK);
  for (let v = 0; v < BLOCK; v++) {
    for (let u = 0; u < BLOCK; u++) {
      let sum = 0;
      for (let y = 0; y < SIDE; y++) sum += rows[y * BLOCK + u] * BASIS[v * SIDE + y];
      out[v * BLOCK + u] = sum;
    }
  }
  return out;
}

function standardDeviation(values: Float64Array): number {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let variance = 0;
  for (const v of values) variance += (v - mean) ** 2;
  return Math.sqrt(variance / values.length);
}
