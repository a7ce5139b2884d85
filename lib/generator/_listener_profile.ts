/**
 * One listener's lasting traits: latent personality scores and the
 * behaviour they drive (with noise, so personality groups overlap), how
 * active they are, how readily they skip, their daily rhythm and taste.
 *
 * @module
 */
import type { Personality } from "../personalities/mod.ts";
import { LISTENING_MODEL as M } from "./listening_model.ts";
import type { SeededRandom } from "./seeded_random.ts";
import { pickCumulative } from "./_cumulative.ts";

/** Latent scores, positive for the letters L, F, N and C. */
export interface LatentTraits {
  loyalty: number;
  familiarity: number;
  newness: number;
  commonality: number;
}

/** A listener's parameters, fixed for the whole period. */
export interface ListenerProfile {
  personality: Personality;
  traits: LatentTraits;
  /** Probability that an event replays a known song. */
  replayP: number;
  /** Probability that a new song is by a known artist. */
  knownArtistP: number;
  /** Probability that a new song is drawn with the N (recent) tilt. */
  newnessP: number;
  /** Probability that a new song is drawn with the C (popular) tilt. */
  commonalityP: number;
  /**
   * Library songs compared for a replay (the most popular wins): more for
   * C listeners (`LISTENING_MODEL.replayCandidates`).
   */
  replayCandidates: number;
  /** Multiplier of the mean number of sessions (mean 1). */
  activity: number;
  /** Multiplier of the skip weight. */
  skipFactor: number;
  /** Hours added to the population's daily curve. */
  rhythmShift: number;
  /** Favourite genres (catalogue genre indexes). */
  favouriteGenres: Int32Array;
  /** Share of new songs drawn from the favourite genres. */
  favouriteShare: number;
}

/**
 * Draws a listener's profile.
 *
 * @param personality The assigned personality (the latent scores' signs).
 * @param rng The listener's random stream.
 * @param genreCumulative Cumulative genre shares of the popularity curve.
 * @returns The profile.
 */
export function createListenerProfile(
  personality: Personality,
  rng: SeededRandom,
  genreCumulative: Float64Array,
): ListenerProfile {
  const latent = (high: boolean) => (high ? 1 : -1) * Math.abs(rng.normal());
  const traits: LatentTraits = {
    loyalty: latent(personality.loyalty === "L"),
    familiarity: latent(personality.familiarity === "F"),
    newness: latent(personality.newness === "N"),
    commonality: latent(personality.commonality === "C"),
  };
  const rho = M.traitCorrelation;
  const share = (z: number) => {
    const b = rho * z + Math.sqrt(1 - rho * rho) * rng.normal();
    return 1 / (1 + Math.exp(-M.traitSlope * b));
  };
  const between = (range: { low: number; high: number }, s: number) =>
    range.low + (range.high - range.low) * s;
  const replayP = between(M.replay, share(traits.loyalty));
  const knownArtistP = between(M.knownArtist, share(traits.familiarity));
  const newnessP = share(traits.newness);
  const commonalityP = share(traits.commonality);
  const sigma = M.activitySigma;
  const activity = Math.min(
    10,
    Math.exp(sigma * rng.normal() - sigma ** 2 / 2),
  );
  const skipSigma = M.skip.listenerSigma;
  const skipFactor = Math.exp(skipSigma * rng.normal() - skipSigma ** 2 / 2);
  const rhythmShift = Math.round(M.rhythmShiftSd * rng.normal());
  const g = M.favouriteGenres;
  const count = Math.min(1 + rng.int(g.most), genreCumulative.length);
  const favourites: number[] = [];
  for (let tries = 0; favourites.length < count && tries < 50; tries++) {
    const genre = pickCumulative(genreCumulative, rng.next());
    if (!favourites.includes(genre)) favourites.push(genre);
  }
  return {
    personality,
    traits,
    replayP,
    knownArtistP,
    newnessP,
    commonalityP,
    replayCandidates: Math.round(
      between(M.replayCandidates, commonalityP),
    ),
    activity,
    skipFactor,
    rhythmShift,
    favouriteGenres: Int32Array.from(favourites),
    favouriteShare: g.low + (g.high - g.low) * rng.next(),
  };
}
