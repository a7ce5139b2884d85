/**
 * Interactions (DESIGN §4.3) and how long a listener listens for each.
 *
 * @module
 */

/** The five interactions, in DESIGN §4.3 order. */
export const INTERACTIONS = [
  "played",
  "paused",
  "skipped",
  "repeated",
  "added_to_playlist",
] as const;

/** One interaction name. */
export type Interaction = typeof INTERACTIONS[number];

/** Relative weights of the interactions. */
export type InteractionWeights = Readonly<Record<Interaction, number>>;

/**
 * Default weights 0.34 / 0.09 / 0.46 / 0.06 / 0.05 (the realism issue
 * replaces DESIGN §4.3's 0.50 / 0.20 / 0.15 / 0.10 / 0.05): with the
 * skip model's factors they give about half of all plays stopped before
 * the end and a quarter within 5 s (Lamere 2014). What each means:
 * - `played`: listened to the end;
 * - `added_to_playlist`: listened to the end and added to a playlist;
 * - `repeated`: the previous, completed song played again, to the end, as
 *   its own event (the weight is the share of completed songs repeated);
 * - `skipped`: stopped before the end to go to another song (next within
 *   2 s); the skip weight is scaled per event by the listener, whether the
 *   song is new to them, its popularity and the hour;
 * - `paused`: stopped part-way (20–95 %) for a break of 5 s–5 min.
 */
export const DEFAULT_INTERACTION_WEIGHTS: InteractionWeights = Object.freeze({
  played: 0.34,
  paused: 0.09,
  skipped: 0.46,
  repeated: 0.06,
  added_to_playlist: 0.05,
});

/**
 * Checks and completes interaction weights: missing ones take the default,
 * all must be finite and ≥ 0, and at least one > 0.
 *
 * @param weights Some or all weights.
 * @returns All five weights.
 * @throws {RangeError} For an unknown interaction or a bad weight.
 */
export function resolveInteractionWeights(
  weights: Partial<Record<string, number>> = {},
): InteractionWeights {
  const out: Record<string, number> = { ...DEFAULT_INTERACTION_WEIGHTS };
  for (const [name, weight] of Object.entries(weights)) {
    if (!(INTERACTIONS as readonly string[]).includes(name)) {
      throw new RangeError(
        `unknown interaction ${JSON.stringify(name)}: expected one of ${
          INTERACTIONS.join(", ")
        }`,
      );
    }
    if (typeof weight !== "number" || !Number.isFinite(weight) || weight < 0) {
      throw new RangeError(
        `interaction weight of ${name} must be a number ≥ 0: got ${weight}`,
      );
    }
    out[name] = weight;
  }
  if (INTERACTIONS.every((name) => out[name] === 0)) {
    throw new RangeError("interaction weights must not all be 0");
  }
  return Object.freeze(out) as InteractionWeights;
}

/**
 * Parses `played=0.5,skipped=0.3` (the `--interaction-weights` flag).
 * Interactions not named keep their default weight.
 *
 * @param text Comma-separated `name=weight` pairs.
 * @returns All five weights.
 * @throws {RangeError} For a malformed pair, unknown name or bad weight.
 */
export function parseInteractionWeights(text: string): InteractionWeights {
  const weights: Record<string, number> = {};
  for (const pair of text.split(",")) {
    const match = /^\s*([a-z_]+)\s*=\s*([^\s]+)\s*$/.exec(pair);
    const value = match ? Number(match[2]) : NaN;
    if (!match || match[2].trim() === "" || Number.isNaN(value)) {
      throw new RangeError(
        `--interaction-weights must be name=weight pairs such as played=0.5,skipped=0.2: got ${
          JSON.stringify(text)
        }`,
      );
    }
    weights[match[1]] = value;
  }
  try {
    return resolveInteractionWeights(weights);
  } catch (error) {
    throw new RangeError(
      `--interaction-weights: ${(error as Error).message}`,
    );
  }
}
