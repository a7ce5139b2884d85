/**
 * The 16 listening personalities of DESIGN §4.2, in the original order. The
 * order is also the Kafka partition index (0–15).
 *
 * @module
 */

/** Familiarity (favourite artists) or Exploration (new artists). */
export type FamiliarityAxis = "F" | "E";
/** Timelessness (older releases) or Newness (recent releases). */
export type NewnessAxis = "T" | "N";
/** Loyalty (replays the same songs) or Variety (many different songs). */
export type LoyaltyAxis = "L" | "V";
/** Commonality (popular songs) or Uniqueness (lesser-known songs). */
export type CommonalityAxis = "C" | "U";

/** One listening personality and its position on the four axes. */
export interface Personality {
  /** Position in DESIGN §4.2 and Kafka partition index, 0–15. */
  readonly index: number;
  /** Name exactly as the original spells it, e.g. `"The early adopter"`. */
  readonly name: string;
  /** Familiarity/Exploration letter. */
  readonly familiarity: FamiliarityAxis;
  /** Timelessness/Newness letter. */
  readonly newness: NewnessAxis;
  /** Loyalty/Variety letter. */
  readonly loyalty: LoyaltyAxis;
  /** Commonality/Uniqueness letter. */
  readonly commonality: CommonalityAxis;
}

const TABLE: ReadonlyArray<readonly [string, string]> = [
  ["The early adopter", "ENVC"],
  ["The nomad", "ENLU"],
  ["The specialist", "FNVU"],
  ["The enthusiast", "FNLC"],
  ["The connoisseur", "FTLC"],
  ["The deep diver", "FTVU"],
  ["The fanclubber", "FNVC"],
  ["The top charter", "ETLC"],
  ["The replayer", "FTLU"],
  ["The jukeboxer", "FTVC"],
  ["The voyager", "ENLC"],
  ["The devotee", "FNLU"],
  ["The maverick", "ETLU"],
  ["The time traveler", "ETVU"],
  ["The musicologist", "ETVC"],
  ["The adventurer", "ENVU"],
];

/** The 16 personalities in DESIGN §4.2 order (index = Kafka partition). */
export const PERSONALITIES: readonly Personality[] = Object.freeze(
  TABLE.map(([name, axes], index) =>
    Object.freeze({
      index,
      name,
      familiarity: axes[0] as FamiliarityAxis,
      newness: axes[1] as NewnessAxis,
      loyalty: axes[2] as LoyaltyAxis,
      commonality: axes[3] as CommonalityAxis,
    })
  ),
);

/** The 16 personality names in DESIGN §4.2 order. */
export const PERSONALITY_NAMES: readonly string[] = Object.freeze(
  PERSONALITIES.map((p) => p.name),
);

const BY_NAME = new Map(PERSONALITIES.map((p) => [p.name, p]));

/**
 * Looks a personality up by its exact name.
 *
 * @param name A name of DESIGN §4.2, e.g. `"The nomad"`.
 * @returns The personality.
 * @throws {RangeError} When the name is not one of the 16.
 */
export function personalityByName(name: string): Personality {
  const found = BY_NAME.get(name);
  if (!found) {
    throw new RangeError(
      `Unknown personality: got ${JSON.stringify(name)}; expected one of ${
        PERSONALITY_NAMES.join(", ")
      }`,
    );
  }
  return found;
}

/**
 * The Kafka partition (and DESIGN §4.2 index) of a personality.
 *
 * @param name The personality's exact name.
 * @returns Its index, 0–15.
 * @throws {RangeError} When the name is not one of the 16.
 */
export function personalityIndex(name: string): number {
  return personalityByName(name).index;
}
