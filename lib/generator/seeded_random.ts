/**
 * The generator's source of randomness: pure-rand's xoroshiro128+ seeded
 * from one number. Independent streams (one per user) are jumps of the
 * same generator, so every random choice flows from the one seed.
 *
 * @module
 */
import { xoroshiro128plus } from "pure-rand/generator/XoroShiro";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";

const TWO_POW_32 = 4294967296;

/** A seeded uniform random source with cheap, allocation-free draws. */
export class SeededRandom {
  #rng: RandomGenerator;

  /**
   * Creates a generator from a seed (or wraps a pure-rand generator).
   *
   * @param seed Any safe integer; the same seed gives the same numbers.
   * @throws {RangeError} When `seed` is not a safe integer.
   */
  constructor(seed: number | RandomGenerator) {
    if (typeof seed === "number") {
      if (!Number.isSafeInteger(seed)) {
        throw new RangeError(`seed must be a safe integer: got ${seed}`);
      }
      // Fold the high bits in, so seeds beyond 2^32 differ too.
      this.#rng = xoroshiro128plus((seed ^ Math.floor(seed / TWO_POW_32)) | 0);
      // The first outputs of a freshly seeded xoroshiro reflect the seed's
      // few set bits: warm it up.
      for (let i = 0; i < 32; i++) this.#rng.unsafeNext();
    } else {
      this.#rng = seed;
    }
  }

  /** A uniform number in [0, 1) (32 bits of randomness). */
  next(): number {
    return (this.#rng.unsafeNext() >>> 0) / TWO_POW_32;
  }

  /** A uniform unsigned 32-bit integer (for comparing with thresholds). */
  uint32(): number {
    return this.#rng.unsafeNext() >>> 0;
  }

  /**
   * A uniform integer in [0, n).
   *
   * @param n The exclusive upper bound (≥ 1).
   */
  int(n: number): number {
    return Math.floor(((this.#rng.unsafeNext() >>> 0) / TWO_POW_32) * n);
  }

  /** A standard normal number (Box–Muller; two uniform draws). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]: the logarithm stays finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /**
   * A new, independent stream: this generator's state jumped 2^64 draws
   * ahead (xoroshiro128+ jump). This generator also moves on, so calling
   * `split()` again gives another independent stream.
   *
   * @returns The new stream.
   */
  split(): SeededRandom {
    this.#rng.unsafeJump!();
    const child = new SeededRandom(this.#rng.clone());
    this.#rng.unsafeJump!();
    return child;
  }
}
