/**
 * Charts of the song tables: windowed top songs over time, a top-10 list,
 * plays per time of day and day vs night per 6-hour window.
 *
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import type {
  DayVsNightRow,
  SlidingTopSongRow,
  TimeOfDayRow,
  TopSongRow,
} from "../analysis/mod.ts";
import { SLIDING_WINDOW } from "../analysis/mod.ts";
import {
  chart,
  type ChartOptions,
  SONG_LABEL,
  TIME_OF_DAY_COLORS,
  TIME_OF_DAY_ORDER,
} from "./_common.ts";

const UTC_TIME = { type: "utc" } as const;
const TIME_AXIS = { format: "%b %d %H:%M", labelAngle: -40 } as const;

/** Options of {@linkcode slidingTopSongsChart}. */
export interface SlidingTopSongsChartOptions extends ChartOptions {
  /** Draw songs ranked 1..maxRank in each window. Default 3. */
  maxRank?: number;
}

/**
 * Top songs over time (`sliding_top_songs`): a heat map of plays with one
 * row per song that reached the top `maxRank` of some window and one
 * column per window start (each cell spans one slide, 30 minutes).
 *
 * @param rows The table's rows.
 * @param options Title, width and ranks drawn.
 * @returns A vega-lite spec.
 */
export function slidingTopSongsChart(
  rows: readonly SlidingTopSongRow[],
  options: SlidingTopSongsChartOptions = {},
): TopLevelSpec {
  const { maxRank = 3, width = 480 } = options;
  return chart(
    rows,
    options.title ??
      `Top ${maxRank} songs per 1-hour window (sliding every 30 minutes)`,
    {
      width,
      transform: [
        { filter: `datum.rank <= ${maxRank}` },
        SONG_LABEL,
        {
          calculate: `time(datum.window_start) + ${SLIDING_WINDOW.slideMs}`,
          as: "slide_end",
        },
      ],
      mark: "rect",
      encoding: {
        x: {
          field: "window_start",
          type: "temporal",
          title: "window start (UTC)",
          scale: UTC_TIME,
          axis: TIME_AXIS,
        },
        x2: { field: "slide_end" },
        y: { field: "song", type: "nominal", title: null },
        color: {
          field: "plays",
          type: "quantitative",
          title: "plays",
          scale: { scheme: "blues" },
        },
        tooltip: [
          { field: "song", type: "nominal" },
          {
            field: "window_start",
            type: "temporal",
            scale: UTC_TIME,
            format: "%Y-%m-%d %H:%M",
            formatType: "utc",
          },
          { field: "plays", type: "quantitative" },
          { field: "rank", type: "ordinal" },
        ],
      },
    },
  );
}

/**
 * A top-10 list (`night_top10`, `morning_top10`) as horizontal bars in
 * rank order.
 *
 * @param rows The table's rows.
 * @param options Title and width.
 * @returns A vega-lite spec.
 */
export function topSongsChart(
  rows: readonly TopSongRow[],
  options: ChartOptions = {},
): TopLevelSpec {
  return chart(rows, options.title ?? "Top songs", {
    width: options.width ?? 480,
    transform: [SONG_LABEL],
    mark: "bar",
    encoding: {
      y: {
        field: "song",
        type: "nominal",
        title: null,
        sort: { field: "rank", order: "ascending" },
      },
      x: { field: "plays", type: "quantitative", title: "plays" },
      tooltip: [
        { field: "rank", type: "ordinal" },
        { field: "song", type: "nominal" },
        { field: "plays", type: "quantitative" },
      ],
    },
  });
}

/**
 * Plays per time of day (`time_of_day`): one bar per bucket, summed over
 * songs.
 *
 * @param rows The table's rows.
 * @param options Title and width.
 * @returns A vega-lite spec.
 */
export function timeOfDayChart(
  rows: readonly TimeOfDayRow[],
  options: ChartOptions = {},
): TopLevelSpec {
  return chart(rows, options.title ?? "Plays per time of day", {
    width: options.width ?? 320,
    mark: "bar",
    encoding: {
      x: {
        field: "time_of_day",
        type: "nominal",
        title: null,
        sort: TIME_OF_DAY_ORDER,
        axis: { labelAngle: 0 },
      },
      y: {
        aggregate: "sum",
        field: "plays",
        type: "quantitative",
        title: "plays",
      },
      color: {
        field: "time_of_day",
        type: "nominal",
        scale: { domain: TIME_OF_DAY_ORDER, range: TIME_OF_DAY_COLORS },
        legend: null,
      },
    },
  });
}

/**
 * Day vs night per 6-hour window (`day_vs_night_windows`): stacked bars of
 * the plays of each window's top songs, by time of day.
 *
 * @param rows The table's rows.
 * @param options Title and width.
 * @returns A vega-lite spec.
 */
export function dayVsNightWindowsChart(
  rows: readonly DayVsNightRow[],
  options: ChartOptions = {},
): TopLevelSpec {
  return chart(
    rows,
    options.title ?? "Plays of the top 10 songs per 6-hour window",
    {
      width: options.width ?? 480,
      height: 240,
      mark: "bar",
      encoding: {
        x: {
          field: "window_start",
          type: "ordinal",
          timeUnit: "utcyearmonthdatehours",
          title: "window start (UTC)",
          axis: TIME_AXIS,
        },
        y: {
          aggregate: "sum",
          field: "plays",
          type: "quantitative",
          title: "plays",
        },
        color: {
          field: "time_of_day",
          type: "nominal",
          title: "local time of day",
          scale: { domain: TIME_OF_DAY_ORDER, range: TIME_OF_DAY_COLORS },
        },
        order: { field: "time_of_day", sort: "ascending" },
      },
    },
  );
}
