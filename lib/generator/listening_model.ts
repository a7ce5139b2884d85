/**
 * The parameters of the listening model, each with where it comes from
 * (docs/realism.md explains the model; `deno task realism` measures the
 * result against the published figures). "Calibrated" means the value was
 * tuned so that a default-catalogue dataset lands in the published band;
 * "assumption" means no published figure fixes it.
 *
 * @module
 */

/** Mon … Sun: relative listening per local weekday. */
const WEEKDAYS = [0.94, 0.93, 0.94, 0.96, 1, 0.93, 0.85] as const;

/** The listening model's parameters (frozen). */
export const LISTENING_MODEL = Object.freeze({
  /**
   * Personality: each listener has a latent score z ~ N(0, 1) per axis (the
   * letter is its sign); behaviour follows b = ρ·z + √(1 − ρ²)·ε, ε ~ N(0, 1)
   * (assumption, calibrated: a median split then recovers 80–95 % of the
   * letters, as overlapping groups should).
   */
  traitCorrelation: 0.96,
  /** Slope of the logistic that turns a behaviour score into a share. */
  traitSlope: 1.7,
  /** Replay probability from V (low) to L (high) (calibrated). */
  replay: Object.freeze({ low: 0.35, high: 0.8 }),
  /** Probability a new song is by a known artist, E … F (calibrated). */
  knownArtist: Object.freeze({ low: 0.12, high: 0.85 }),
  /** N listeners weigh recent-quarter songs ×8, T listeners older ones ×4. */
  newness: Object.freeze({ recentWeight: 8, olderWeight: 4 }),
  /**
   * Commonality tilts the shared popularity curve: C listeners draw from
   * weight^(1 + tilt), U listeners from weight^(1 − tilt) (calibrated).
   */
  commonalityTilt: 0.8,
  /**
   * The shared popularity curve: a song of popularity rank r (1 = most
   * popular of the catalogue) weighs (r + offset)^−exponent, Zipf-like
   * (Luminate 2025: 0.2 % of tracks take about half of all streams).
   */
  zipf: Object.freeze({ exponent: 1.1, offset: 3 }),
  /**
   * A replay is the most popular of this many songs of the listener's
   * library, from U (low) to C (high) by the Commonality share (calibrated):
   * hits are replayed most, by C listeners most of all, however large the
   * library has grown.
   */
  replayCandidates: Object.freeze({ low: 2, high: 5 }),
  /** Replays come from the last 40 songs discovered this often. */
  rotation: Object.freeze({ size: 40, share: 0.3 }),
  /**
   * Favourite artists: a known artist is drawn at position u² of the order
   * of discovery (u uniform), so the earliest found are drawn most.
   */
  favouriteArtists: "u²",
  /**
   * Taste (Anderson et al. 2020, generalists to specialists): 1–4 favourite
   * genres drawn by their share of the curve, and the share of new songs
   * drawn from them, uniform in [low, high] (assumption, calibrated).
   */
  favouriteGenres: Object.freeze({ most: 4, low: 0.75, high: 0.99 }),
  /**
   * Activity: a listener's sessions are `--sessions-per-user` × a
   * log-normal factor of mean 1 (heavy and light users; assumption), capped
   * at 10× the mean.
   */
  activitySigma: 0.9,
  /**
   * Session length: log-normal, median 30 min, σ 0.9 (Zhang et al. 2013:
   * sessions of tens of minutes; surveys: 45–60 min of listening a day),
   * clamped to 3 min … 8 h.
   */
  session: Object.freeze({
    medianMinutes: 30,
    sigma: 0.9,
    minMinutes: 3,
    maxMinutes: 480,
  }),
  /**
   * Day of week, Monday first: Friday highest, Sunday ≈ 0.85 of Friday
   * (Nielsen 2017 / Luminate weekly streaming).
   */
  weekdayWeights: Object.freeze([...WEEKDAYS]) as readonly number[],
  /** Personal rhythm: a listener's daily curve is shifted by N(0, sd) hours. */
  rhythmShiftSd: 1.3,
  /**
   * Skips (Lamere 2014, 1 B plays): 24 % of plays stop within 5 s, 48.6 %
   * before the end. Of skips, this share stops within 5 s, then 5–30 s,
   * the rest later; new songs are skipped early more often.
   */
  skipTiming: Object.freeze({ early: 0.6, newEarlyBonus: 0.08, mid: 0.25 }),
  /**
   * Skip propensity: a listener factor (log-normal, σ), ×newSong for songs
   * new to the listener, e^(−(popularity − 50) / popularityScale), and the
   * hour of day (more in free time, Lamere 2014).
   */
  skip: Object.freeze({
    listenerSigma: 0.35,
    newSong: 1.25,
    knownSong: 0.75,
    popularityScale: 70,
  }),
  /**
   * Skip factor per local hour (Lamere 2014: we skip more in free time —
   * evenings and weekends — and less with music in the background at work).
   */
  skipByHour: Object.freeze([
    1.1,
    1.1,
    1.05,
    1,
    1,
    0.95,
    0.95,
    1,
    0.95,
    0.85,
    0.85,
    0.85,
    0.9,
    0.85,
    0.85,
    0.9,
    0.95,
    1.05,
    1.1,
    1.15,
    1.15,
    1.15,
    1.15,
    1.1,
  ]) as readonly number[],
  /** Skips on Saturday and Sunday weigh this much more (Lamere 2014). */
  weekendSkip: 1.1,
  /**
   * Mood (Park et al. 2019: calmer music late at night): per local hour, the
   * strength m with which a song is passed over in proportion to its
   * arousal ((energy + danceability) / 100 − 0.6, clamped to 0 … 1) ×
   * `moodRejection`; replays prefer calmer songs the same way.
   */
  moodByHour: Object.freeze([
    0.9,
    1,
    1,
    1,
    1,
    0.7,
    0.35,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0.2,
    0.45,
    0.7,
  ]) as readonly number[],
  /** Strength of the mood's rejection (calibrated). */
  moodRejection: 1,
});
