/**
 * The realism properties of the realism issue (#12): how each is measured
 * from a dataset, the published figure and its source, and the band a
 * realistic dataset falls in.
 *
 * @module
 */
import type { RealismMeasurements } from "./realism_measures.ts";

/** One property: published figure, source and how to judge a measurement. */
export interface RealismProperty {
  /** Stable id (JSON output, tests). */
  id: string;
  /** What is measured. */
  property: string;
  /** The published figure. */
  published: string;
  /** Where it is published. */
  source: string;
  /** The band a realistic dataset falls in, as text. */
  band: string;
  /** The band's numeric edges (absent for a non-numeric band). */
  low?: number;
  high?: number;
  /** The measurement as a number. */
  value(m: RealismMeasurements): number;
  /** The measurement as shown. */
  show(m: RealismMeasurements): string;
  /** Whether the measurement is within the band. */
  within(m: RealismMeasurements): boolean;
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const num = (x: number, digits = 2) => x.toFixed(digits);
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const LAMERE = 'Lamere, "The Skip", Music Machinery 2014 (1 B Spotify plays)';
const OVERLAP = "overlapping groups: listening predicts traits only partly";

function inBand(lo: number, hi: number) {
  return (x: number) => x >= lo && x <= hi;
}

function numeric(
  spec: Omit<RealismProperty, "within" | "show" | "band"> & {
    lo: number;
    hi: number;
    format: (x: number) => string;
  },
): RealismProperty {
  const ok = inBand(spec.lo, spec.hi);
  return {
    id: spec.id,
    property: spec.property,
    published: spec.published,
    source: spec.source,
    band: `${spec.format(spec.lo)} – ${spec.format(spec.hi)}`,
    low: spec.lo,
    high: spec.hi,
    value: spec.value,
    show: (m) => spec.format(spec.value(m)),
    within: (m) => ok(spec.value(m)),
  };
}

function recovery(
  axis: keyof RealismMeasurements["recovery"],
  letters: string,
) {
  return numeric({
    id: `recovery_${axis}`,
    property: `median split recovers ${letters} (active listeners)`,
    published: OVERLAP,
    source: "realism issue aim 0.80–0.95",
    lo: 0.8,
    hi: 0.95,
    format: (x) => num(x),
    value: (m) => m.recovery[axis],
  });
}

/** Every property, in the order. */
export const REALISM_PROPERTIES: readonly RealismProperty[] = Object.freeze([
  numeric({
    id: "stopped_within_5s",
    property: "plays stopped within 5 s",
    published: "24 %",
    source: LAMERE,
    lo: 0.2,
    hi: 0.28,
    format: pct,
    value: (m) => m.stoppedWithin5s,
  }),
  numeric({
    id: "stopped_before_end",
    property: "plays stopped before the song's end",
    published: "48.6 %",
    source: LAMERE,
    lo: 0.44,
    hi: 0.53,
    format: pct,
    value: (m) => m.stoppedBeforeEnd,
  }),
  numeric({
    id: "top_1_percent_share",
    property: "share of plays going to the top 1 % of songs",
    published: "0.2 % of tracks ≈ 49 % of streams (of ~200 M tracks)",
    source: "Luminate 2025",
    lo: 0.25,
    hi: 0.65,
    format: pct,
    value: (m) => m.top1PercentShare,
  }),
  numeric({
    id: "plays_popularity_spearman",
    property: "plays per song vs its popularity (Spearman)",
    published: "rise together",
    source: "Spotify: popularity is computed from plays",
    lo: 0.5,
    hi: 1,
    format: (x) => num(x),
    value: (m) => m.playsPopularitySpearman,
  }),
  {
    id: "busiest_weekday",
    property: "busiest day of the week (local)",
    published: "Friday",
    source: "Nielsen 2017; Luminate",
    band: "Fri",
    value: (m) => m.weekdays.indexOf(1),
    show: (m) => WEEKDAYS[m.weekdays.indexOf(1)],
    within: (m) => m.weekdays.indexOf(1) === 4,
  },
  numeric({
    id: "sunday_to_friday",
    property: "Sunday's plays / Friday's",
    published: "≈ 0.85",
    source: "Nielsen 2017; Luminate",
    lo: 0.78,
    hi: 0.92,
    format: (x) => num(x),
    value: (m) => m.sundayToFriday,
  }),
  numeric({
    id: "median_session_minutes",
    property: "median session length (15-min gap), minutes",
    published: "tens of minutes",
    source: "Zhang et al., Understanding User Behavior in Spotify, 2013",
    lo: 10,
    hi: 60,
    format: (x) => num(x, 1),
    value: (m) => m.medianSessionMinutes,
  }),
  numeric({
    id: "minutes_per_active_day",
    property: "minutes listened per listener per day with listening",
    published: "45–60 min on a typical day",
    source: "listening surveys (e.g. IFPI Engaging with Music)",
    lo: 40,
    hi: 75,
    format: (x) => num(x, 1),
    value: (m) => m.minutesPerActiveDay,
  }),
  numeric({
    id: "activity_gini",
    property: "activity per listener: Gini of events",
    published: "very uneven (heavy and light users)",
    source: "realism issue; our band",
    lo: 0.35,
    hi: 0.75,
    format: (x) => num(x),
    value: (m) => m.activityGini,
  }),
  numeric({
    id: "median_genres_share",
    property: "genres heard by the median listener (share of genres)",
    published: "specialists to generalists",
    source: "Anderson et al., Algorithmic Effects on the Diversity of " +
      "Consumption on Spotify, WWW 2020",
    lo: 0.1,
    hi: 0.7,
    format: pct,
    value: (m) => m.medianGenres / m.genres,
  }),
  numeric({
    id: "top3_genre_spread",
    property: "plays in own top 3 genres: 90th − 10th percentile",
    published: "listeners range from specialists to generalists",
    source: "Anderson et al. 2020",
    lo: 0.2,
    hi: 1,
    format: (x) => num(x),
    value: (m) => m.top3GenreShare[1] - m.top3GenreShare[0],
  }),
  recovery("loyalty", "L/V"),
  recovery("familiarity", "F/E"),
  recovery("newness", "N/T"),
  recovery("commonality", "C/U"),
  numeric({
    id: "largest_effect_size",
    property: "largest Cohen's d between letter groups",
    published: OVERLAP,
    source: "realism issue (was d = 6–37: separate clusters)",
    lo: 0.5,
    hi: 3.5,
    format: (x) => num(x, 1),
    value: (m) => Math.max(...Object.values(m.effectSize)),
  }),
  numeric({
    id: "night_minus_day_energy",
    property: "mean energy 00–05 minus 12–18 (local)",
    published: "calmer music late at night",
    source: "Park et al., Nature Human Behaviour 2019",
    lo: -10,
    hi: -2,
    format: (x) => num(x, 1),
    value: (m) => m.nightMinusDayEnergy,
  }),
  numeric({
    id: "diurnal_correlation",
    property: "plays per local hour vs the reference daily curve (r)",
    published: "morning and evening peaks, quiet nights",
    source: "Zhang et al. 2013; lib/generator/diurnal_curve.ts",
    lo: 0.85,
    hi: 1,
    format: (x) => num(x),
    value: (m) => m.diurnalCorrelation,
  }),
]);
