/**
 * The 16 listening personalities (DESIGN §4.2) and their four axes.
 *
 * @example
 * ```ts
 * import { personalityIndex } from "./mod.ts";
 * personalityIndex("The nomad"); // 1
 * ```
 *
 * @module
 */
export {
  PERSONALITIES,
  PERSONALITY_NAMES,
  personalityByName,
  personalityIndex,
} from "./personalities.ts";
export type {
  CommonalityAxis,
  FamiliarityAxis,
  LoyaltyAxis,
  NewnessAxis,
  Personality,
} from "./personalities.ts";
export { AXIS_WORDS, personalityAxes } from "./personality_axes.ts";
export type { PersonalityAxesRow } from "./personality_axes.ts";
