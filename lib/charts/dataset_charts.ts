/**
 * Charts of a generated dataset (notebook 01): the catalogue's release
 * years, events per hour on two clocks, interactions, the personality
 * metrics per user and the listeners' countries.
 *
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import { PERSONALITY_NAMES } from "../personalities/mod.ts";
import { chart, type ChartOptions } from "./_common.ts";

/** The colours of the two clocks: the listener's local time, and UTC. */
const CLOCK_COLOR = {
  field: "clock",
  type: "nominal",
  title: null,
  scale: { domain: ["local time", "UTC"], range: ["#1f77b4", "#bbbbbb"] },
};

/**
 * Songs per release year, binned.
 *
 * @param rows `{ year, songs }` rows (from `songsPerYear`).
 * @param options Title and width.
 * @returns A vega-lite spec.
 */
export function songsPerYearChart(
  rows: readonly { year: number; songs: number }[],
  options: ChartOptions = {},
): TopLevelSpec {
  return chart(rows, options.title ?? "Songs per release year", {
    width: options.width ?? 600,
    height: 180,
    mark: { type: "bar", tooltip: true },
    encoding: {
      x: {
        field: "year",
        type: "quantitative",
        bin: { maxbins: 60 },
        axis: { format: "d" },
        title: "release year",
      },
      y: { aggregate: "sum", field: "songs", type: "quantitative" },
    },
  });
}

/**
 * Events per hour of the day, one line per clock (local time vs UTC).
 *
 * @param rows `{ hour, clock, events }` rows (a dataset profile's hours).
 * @param options Title and width.
 * @returns A vega-lite spec.
 */
export function hourOfDayChart(
  rows: readonly { hour: number; clock: string; events: number }[],
  options: ChartOptions = {},
): TopLevelSpec {
  const title = options.title ??
    "Events per hour of the day: listener's local time vs UTC";
  return chart(rows, title, {
    width: options.width ?? 600,
    height: 220,
    mark: { type: "line", point: true, tooltip: true },
    encoding: {
      x: { field: "hour", type: "ordinal", title: "hour of day" },
      y: { field: "events", type: "quantitative" },
      color: CLOCK_COLOR,
    },
  });
}

/**
 * Plays per time of day on the two clocks, side by side.
 *
 * @param rows `{ time_of_day, clock, plays }` rows.
 * @param options Title and width.
 * @returns A vega-lite spec.
 */
export function timeOfDayClocksChart(
  rows: readonly { time_of_day: string; clock: string; plays: number }[],
  options: ChartOptions = {},
): TopLevelSpec {
  const title = options.title ?? "Plays per time of day: local time vs UTC";
  return chart(rows, title, {
    width: options.width ?? 420,
    height: 200,
    mark: { type: "bar", tooltip: true },
    encoding: {
      x: {
        field: "time_of_day",
        type: "nominal",
        sort: ["morning", "afternoon", "evening", "night"],
        title: null,
      },
      xOffset: { field: "clock" },
      y: { field: "plays", type: "quantitative" },
      color: CLOCK_COLOR,
    },
  });
}

/**
 * Events per interaction, as horizontal bars.
 *
 * @param rows `{ interaction, events }` rows.
 * @param options Title and width.
 * @returns A vega-lite spec.
 */
export function interactionsChart(
  rows: readonly { interaction: string; events: number }[],
  options: ChartOptions = {},
): TopLevelSpec {
  return chart(rows, options.title ?? "Events per interaction", {
    width: options.width ?? 400,
    height: 160,
    mark: { type: "bar", tooltip: true },
    encoding: {
      y: { field: "interaction", type: "nominal", sort: "-x", title: null },
      x: { field: "events", type: "quantitative" },
    },
  });
}

function metricScatter(x: [string, string], y: [string, string]) {
  return {
    width: 300,
    height: 260,
    mark: { type: "circle", opacity: 0.75, tooltip: true },
    encoding: {
      x: { field: x[0], type: "quantitative", title: x[1] },
      y: {
        field: y[0],
        type: "quantitative",
        title: y[1],
        scale: { zero: false },
      },
      color: {
        field: "personality",
        type: "nominal",
        scale: { scheme: "category20" },
        sort: [...PERSONALITY_NAMES],
      },
    },
  };
}

/**
 * The four personality metrics per user, two scatter plots coloured by the
 * assigned personality.
 *
 * @param rows Per-user metrics (`personalityMetrics`).
 * @param options Title.
 * @returns A vega-lite spec.
 */
export function personalityMetricsChart(
  rows: readonly object[],
  options: ChartOptions = {},
): TopLevelSpec {
  const title = options.title ??
    "Personality metrics per user, coloured by assigned personality";
  return chart(rows, title, {
    hconcat: [
      metricScatter(
        ["loyalty", "Loyalty (replayed share)"],
        ["familiarity", "Familiarity (known-artist share)"],
      ),
      metricScatter(
        ["newness", "Newness (recent-song share)"],
        ["commonality", "Commonality (mean popularity)"],
      ),
    ],
  });
}

/**
 * The countries with the most events, coloured by their number of users.
 *
 * @param rows `{ country, events, users }` rows, largest first.
 * @param options Title, width; `maxCountries` (default 15).
 * @returns A vega-lite spec.
 */
export function countriesChart(
  rows: readonly { country: string; events: number; users: number }[],
  options: ChartOptions & { maxCountries?: number } = {},
): TopLevelSpec {
  const n = options.maxCountries ?? 15;
  return chart(
    rows.slice(0, n),
    options.title ?? `Top ${n} countries by events`,
    {
      width: options.width ?? 500,
      height: 300,
      mark: { type: "bar", tooltip: true },
      encoding: {
        y: {
          field: "country",
          type: "nominal",
          sort: "-x",
          title: null,
          axis: { labelLimit: 220 },
        },
        x: { field: "events", type: "quantitative" },
        color: { field: "users", type: "quantitative", title: "users" },
      },
    },
  );
}
