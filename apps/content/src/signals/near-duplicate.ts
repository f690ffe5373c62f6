// MinHash signatures and LSH band keys for finding near-duplicate posts (a blog post copied with light
// edits). The signature estimates the Jaccard similarity of two texts' shingle sets; the band keys let a
// database index (item, bandKey) and fetch only candidates that share a band, instead of comparing with
// every post. Deterministic: the same text, options and seed always give the same signature and keys,
// so stored signatures stay comparable across restarts and replicas.
import { clip, signal, type Signal } from '@weop/text-signals';

// Read once: hot loops that look up Math.imul on every call run ~50× slower where globals sit behind a
// proxy (Jest 30's test environment does this), and a local binding costs nothing elsewhere.
const imul = Math.imul;

export interface MinHasherOptions {
  /** Number of hash functions (signature length). Default 128. */
  permutations?: number;
  /** Words per shingle for spaced scripts. Default 5. */
  shingleSize?: number;
  /** Seed for the hash functions. Signatures made with different seeds cannot be compared. */
  seed?: number;
}

/** Characters per shingle for Han, Kana and Hangul, which are written without spaces between words. */
const CJK_SHINGLE_SIZE = 4;
/**
 * Rows per LSH band. With 128 permutations that is 32 bands of 4: two texts share a band with
 * probability 1 - (1 - s^4)^32, about 99% at similarity 0.6, 23% at 0.3 and 0.3% at 0.1, the
 * range where different posts on the same topic fall.
 */
const ROWS_PER_BAND = 4;
/** Texts with fewer distinct shingles than this (about 20 words) are too short to call copies. */
const MIN_SHINGLES = 16;
const DEFAULT_SEED = 0x5eed_c0de;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|[\p{L}\p{N}\p{M}]+/gu;
/** Marks a shingle as made of characters, so a 4-character shingle never equals a 4-word one. */
const CJK_SHINGLE_SALT = 0x9e3779b9;

export class MinHasher {
  private readonly permutations: number;
  private readonly shingleSize: number;
  private readonly multipliers: Uint32Array;
  private readonly offsets: Uint32Array;

  constructor(opts: MinHasherOptions = {}) {
    this.permutations = opts.permutations ?? 128;
    this.shingleSize = opts.shingleSize ?? 5;
    if (!Number.isInteger(this.permutations) || this.permutations < ROWS_PER_BAND) throw new RangeError(`permutations must be an integer of at least ${ROWS_PER_BAND}`);
    if (!Number.isInteger(this.shingleSize) || this.shingleSize < 1) throw new RangeError('shingleSize must be a positive integer');
    // Each hash function is x → fmix32(a·x + b) with a odd: a bijection on 32-bit values, so a permutation.
    const next = splitmix32(opts.seed ?? DEFAULT_SEED);
    this.multipliers = new Uint32Array(this.permutations);
    this.offsets = new Uint32Array(this.permutations);
    for (let i = 0; i < this.permutations; i++) {
      this.multipliers[i] = next() | 1;
      this.offsets[i] = next();
    }
  }

  /** The MinHash signature of a text (unsigned 32-bit values), or [] when the text is too short to judge. */
  signature(text: string): number[] {
    const shingles = this.shingles(text);
    if (shingles.size < MIN_SHINGLES) return [];
    const mins = new Uint32Array(this.permutations).fill(0xffffffff);
    for (const shingle of shingles) {
      for (let i = 0; i < this.permutations; i++) {
        const h = fmix32((imul(shingle, this.multipliers[i]) + this.offsets[i]) | 0);
        if (h < mins[i]) mins[i] = h;
      }
    }
    return Array.from(mins);
  }

  /** Estimated Jaccard similarity: the share of positions where two signatures agree; 0 if either is empty. */
  static similarity(a: number[], b: number[]): number {
    if (a.length === 0 || a.length !== b.length) return 0;
    let equal = 0;
    for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++;
    return equal / a.length;
  }

  /** LSH keys 'b<band>:<hash hex>', one per band of ROWS_PER_BAND values; [] for an empty signature. */
  bandKeys(signature: number[]): string[] {
    const keys: string[] = [];
    const bands = Math.floor(signature.length / ROWS_PER_BAND);
    for (let band = 0; band < bands; band++) {
      let h = FNV_OFFSET;
      for (let row = 0; row < ROWS_PER_BAND; row++) h = fnv1aWord(h, signature[band * ROWS_PER_BAND + row]);
      keys.push(`b${band}:${h.toString(16).padStart(8, '0')}`);
    }
    return keys;
  }

  /** Hashed shingles: runs of shingleSize words, plus runs of CJK_SHINGLE_SIZE Han/Kana/Hangul characters. */
  private shingles(text: string): Set<number> {
    const words: number[] = [];
    const cjk: number[] = [];
    for (const [token] of normalise(text).matchAll(TOKEN)) (CJK.test(token) ? cjk : words).push(fnv1aString(token));
    const shingles = new Set<number>();
    addShingles(shingles, words, this.shingleSize, 0);
    addShingles(shingles, cjk, CJK_SHINGLE_SIZE, CJK_SHINGLE_SALT);
    return shingles;
  }
}

/**
 * The similarity at or above which a post is reported as a near-duplicate. A lightly edited copy
 * scores 0.6-0.9; different posts on the same topic score under 0.1. The content service reads its
 * own NEAR_DUPLICATE_THRESHOLD setting, which defaults to the same value.
 */
export const NEAR_DUPLICATE_THRESHOLD = 0.6;

export function nearDuplicateSignal(similarity: number, match: { id: string; title: string }): Signal {
  const percent = Math.round(Math.min(1, Math.max(0, similarity)) * 100);
  return signal('near-duplicate', 'near-duplicate', `About ${percent}% of this text matches "${clip(match.title, 100)}" (${match.id}), posted by someone else.`);
}

/**
 * Lowercase, NFKC (full-width forms, ligatures), Markdown and other punctuation dropped, whitespace
 * collapsed, so formatting changes do not count as edits.
 */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim();
}

function addShingles(into: Set<number>, tokens: number[], size: number, salt: number): void {
  for (let start = 0; start + size <= tokens.length; start++) {
    let h = (FNV_OFFSET ^ salt) >>> 0;
    for (let i = start; i < start + size; i++) h = fnv1aWord(h, tokens[i]);
    into.add(fmix32(h));
  }
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnv1aString(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) h = imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/** FNV-1a over the four bytes of a 32-bit value. */
function fnv1aWord(h: number, value: number): number {
  let x = h;
  for (let shift = 0; shift < 32; shift += 8) x = imul(x ^ ((value >>> shift) & 0xff), FNV_PRIME);
  return x >>> 0;
}

/** MurmurHash3's finaliser: spreads every input bit over the output. */
function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A small seeded generator for the hash functions' constants (no Math.random: signatures must be reproducible). */
function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = imul(z ^ (z >>> 16), 0x85ebca6b);
    z = imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}
