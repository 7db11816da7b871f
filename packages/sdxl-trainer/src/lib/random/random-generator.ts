/**
 * The random number generator of the cpu training path: xoshiro128** (Blackman & Vigna), 128 bits of
 * state in four uint32 words. It is small enough to save whole in every checkpoint, so a resumed run
 * draws exactly the numbers the uninterrupted run would have drawn.
 *
 * Seeding goes through SplitMix64 over the seed and optional stream ids, so `(seed, "crop", 17)` and
 * `(seed, "crop", 18)` are unrelated streams: per-sample and per-epoch randomness can be recreated
 * from the seed alone, without replaying everything drawn before it.
 */

export const RANDOM_ALGORITHM = 'xoshiro128**';

/** The complete, JSON-serialisable state of a {@link RandomGenerator}. */
export interface RandomState {
  algorithm: typeof RANDOM_ALGORITHM;
  /** Four unsigned 32-bit words, not all zero. */
  words: [number, number, number, number];
}

/** A stream id: a number (an epoch, a sample index) or a short label naming what the stream is for. */
export type StreamId = number | string;

const MASK_64 = (1n << 64n) - 1n;
const TWO_POW_32 = 0x1_0000_0000;
const TWO_POW_MINUS_24 = 2 ** -24;
const TWO_POW_MINUS_53 = 2 ** -53;

function splitMix64(state: bigint): { state: bigint; value: bigint } {
  const next = (state + 0x9e3779b97f4a7c15n) & MASK_64;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK_64;
  return { state: next, value: z ^ (z >> 31n) };
}

function streamIdBits(id: StreamId): bigint {
  if (typeof id === 'number') {
    if (!Number.isSafeInteger(id) || id < 0)
      throw new Error(`A random stream id must be a non-negative safe integer or a string, got ${id}.`);
    return BigInt(id);
  }
  // FNV-1a over the UTF-16 code units: labels only need to differ from each other, not be secret.
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < id.length; i++) hash = ((hash ^ BigInt(id.charCodeAt(i))) * 0x100000001b3n) & MASK_64;
  return hash;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

export class RandomGenerator {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  private constructor(words: readonly number[]) {
    [this.s0, this.s1, this.s2, this.s3] = words.map((w) => w >>> 0) as [number, number, number, number];
  }

  /**
   * A generator for `seed` (a non-negative safe integer, as `--seed`), optionally narrowed to a
   * stream: `RandomGenerator.fromSeed(seed, 'epoch', 3)`.
   */
  static fromSeed(seed: number, ...stream: StreamId[]): RandomGenerator {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new Error(
        `The seed must be a non-negative integer up to ${Number.MAX_SAFE_INTEGER}, got ${seed}.`,
      );
    }
    let mix = splitMix64(BigInt(seed));
    for (const id of stream) mix = splitMix64(mix.value ^ streamIdBits(id));
    let state = mix.value;
    const words: number[] = [];
    while (words.length < 4) {
      const out = splitMix64(state);
      state = out.state;
      words.push(Number(out.value & 0xffffffffn), Number(out.value >> 32n));
    }
    // SplitMix64 outputs are a bijection of distinct inputs, so two consecutive zero words cannot
    // both come out twice; the guard keeps the all-zero (stuck) state impossible regardless.
    if (!words.some((w) => w !== 0)) words[0] = 1;
    return new RandomGenerator(words);
  }

  /** Restores a generator saved with {@link RandomGenerator.state}. */
  static fromState(state: RandomState): RandomGenerator {
    const words = (state as Partial<RandomState> | null)?.words;
    if (
      state?.algorithm !== RANDOM_ALGORITHM ||
      !Array.isArray(words) ||
      words.length !== 4 ||
      !words.every((w) => Number.isInteger(w) && w >= 0 && w < TWO_POW_32) ||
      words.every((w) => w === 0)
    ) {
      throw new Error(
        `Not a saved ${RANDOM_ALGORITHM} random state (expected {"algorithm":"${RANDOM_ALGORITHM}","words":[four uint32, not all zero]}): ${JSON.stringify(state)}.`,
      );
    }
    return new RandomGenerator(words);
  }

  /** A copy of the current state; restoring it replays the same numbers. */
  state(): RandomState {
    return { algorithm: RANDOM_ALGORITHM, words: [this.s0, this.s1, this.s2, this.s3] };
  }

  /** An independent copy in the same state. */
  clone(): RandomGenerator {
    return new RandomGenerator([this.s0, this.s1, this.s2, this.s3]);
  }

  /** The next uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A double uniform in [0, 1) with 53 random bits (Python's `random.random()` construction). */
  uniform(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) * TWO_POW_MINUS_53;
  }

  /** A uniformly distributed integer in [0, bound), without modulo bias. */
  integer(bound: number): number {
    if (!Number.isInteger(bound) || bound < 1 || bound > TWO_POW_32) {
      throw new Error(`integer(bound) needs an integer bound in [1, 2^32], got ${bound}.`);
    }
    // Rejection sampling: draws that fall in the incomplete last block of `bound` are redrawn.
    const limit = TWO_POW_32 - (TWO_POW_32 % bound);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % bound;
    }
  }

  /** Fills `out` with float32 values uniform in [0, 1) (24 random bits each, all exactly representable). */
  fillUniform(out: Float32Array): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = (this.nextUint32() >>> 8) * TWO_POW_MINUS_24;
    return out;
  }

  /**
   * Fills `out` with standard normal values (Box-Muller in double precision, two values per pair of
   * uniforms). For an odd length the last pair's second value is dropped rather than kept, so the
   * state stays the four words and nothing else.
   */
  fillNormal(out: Float32Array, mean = 0, std = 1): Float32Array {
    for (let i = 0; i < out.length; i += 2) {
      const u1 = 1 - this.uniform(); // (0, 1]: log(0) cannot happen
      const u2 = this.uniform();
      const radius = Math.sqrt(-2 * Math.log(u1));
      const angle = 2 * Math.PI * u2;
      out[i] = mean + std * radius * Math.cos(angle);
      if (i + 1 < out.length) out[i + 1] = mean + std * radius * Math.sin(angle);
    }
    return out;
  }

  /** Shuffles `items` in place (Fisher-Yates, from the last index down) and returns it. */
  shuffle<T extends { length: number; [index: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.integer(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }
}
