/**
 * Small deterministic helpers: a seeded PRNG (sfc32) and integer hashing, so
 * the same seed always yields the same platform and fault sequence.
 */

/** Mixes a 32-bit value (murmur3 finaliser). */
export function mix32(h: number): number {
  let x = h | 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Hash of a few integers, unsigned 32-bit. */
export function hashInts(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const v of values) {
    h = mix32(h ^ mix32(v | 0));
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return mix32(h);
}

/** FNV-1a hash of a string, unsigned 32-bit. */
export function hashString(value: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Unsigned 32-bit integer. */
  u32(): number;
}

/** sfc32 seeded from one integer. */
export function createRng(seed: number): Rng {
  let a = mix32(seed ^ 0xdeadbeef);
  let b = mix32(seed ^ 0x41c64e6d);
  let c = mix32(seed ^ 0x6c078965);
  let d = 1;
  const u32 = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) u32();
  const next = () => u32() / 4294967296;
  return {
    next,
    u32,
    int: n => Math.floor(next() * n),
    chance: p => next() < p,
    pick: items => items[Math.floor(next() * items.length)],
  };
}

const HEX = '0123456789abcdef';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` characters from `alphabet`, derived from a 32-bit seed. */
export function charsFrom(alphabet: string, seed: number, length: number) {
  let out = '';
  let h = seed >>> 0;
  for (let i = 0; i < length; i++) {
    h = mix32(h + i * 0x9e3779b9);
    out += alphabet[h % alphabet.length];
  }
  return out;
}

export const hexFrom = (seed: number, length: number) =>
  charsFrom(HEX, seed, length);
export const base32From = (seed: number, length: number) =>
  charsFrom(BASE32, seed, length);
export const alnumFrom = (seed: number, length: number) =>
  charsFrom(ALNUM, seed, length);

/** A version-4-shaped UUID derived from a 32-bit seed. */
export function uuidFrom(seed: number): string {
  const h = hexFrom(seed, 32);
  const variant = HEX[8 + (mix32(seed ^ 0x5bd1e995) % 4)];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(
    13,
    16,
  )}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Cumulative weights for fast weighted picks with {@link pickWeighted}.
 */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i];
    out[i] = sum;
  }
  return out;
}

/** Index picked with probability proportional to its weight. */
export function pickWeighted(cum: Float64Array, rng: Rng): number {
  const total = cum[cum.length - 1];
  const x = rng.next() * total;
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
