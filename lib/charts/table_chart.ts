/**
 * The chart of any result table, by name.
 *
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import type { TableName, TableRows } from "../analysis/mod.ts";
import type { ChartOptions } from "./_common.ts";
import { topArtistPerCountryChart } from "./country_charts.ts";
import { worldMapChart } from "./world_map_chart.ts";
import {
  listeningTimeChart,
  personalityFavouritesChart,
  topCountriesChart,
} from "./personality_charts.ts";
import {
  dayVsNightWindowsChart,
  slidingTopSongsChart,
  timeOfDayChart,
  topSongsChart,
} from "./song_charts.ts";

/**
 * The chart of one result table, like the original project's figures.
 *
 * @param name The table.
 * @param rows Its rows.
 * @param options Title and width (other defaults per chart).
 * @returns A vega-lite spec (render with {@linkcode renderSvg}).
 * @throws {RangeError} For an unknown table name.
 */
export function tableChart<N extends TableName>(
  name: N,
  rows: TableRows[N],
  options: ChartOptions = {},
): TopLevelSpec {
  // deno-lint-ignore no-explicit-any
  const r = rows as any;
  switch (name) {
    case "top_countries_per_personality":
      return topCountriesChart(r, options);
    case "top_artist_per_country":
      return topArtistPerCountryChart(r, options);
    case "night_top10":
      return topSongsChart(r, { title: "Top 10 songs at night", ...options });
    case "morning_top10":
      return topSongsChart(r, {
        title: "Top 10 songs in the morning",
        ...options,
      });
    case "time_of_day":
      return timeOfDayChart(r, options);
    case "day_vs_night_windows":
      return dayVsNightWindowsChart(r, options);
    case "sliding_top_songs":
      return slidingTopSongsChart(r, options);
    case "personality_favourites":
      return personalityFavouritesChart(r, options);
    case "listening_time_per_personality":
      return listeningTimeChart(r, options);
  }
  throw new RangeError(`no chart for table: got ${JSON.stringify(name)}`);
}

/** Events per country summed over the rows of a country table. */
function eventsPerCountry(
  rows: readonly { country: string; events: number }[],
) {
  const events = new Map<string, number>();
  for (const row of rows) {
    events.set(row.country, (events.get(row.country) ?? 0) + row.events);
  }
  return [...events].map(([country, n]) => ({ country, events: n }));
}

/** Options of {@linkcode tableCharts}. */
export interface TableChartsOptions extends ChartOptions {
  /**
   * Draw only the first this many UTC days of `sliding_top_songs` (a
   * month of windows is too wide to read). Default: every day.
   */
  slidingDays?: number;
}

/** The sliding-window rows of the first `days` UTC days, and a title saying so. */
function firstDays(rows: TableRows["sliding_top_songs"], days: number) {
  const starts = rows.map((r) => Date.parse(r.window_start));
  const first = Math.min(...starts) - (Math.min(...starts) % 86_400_000);
  const end = first + days * 86_400_000;
  const from = new Date(first).toISOString().slice(0, 10);
  return {
    rows: rows.filter((_, i) => starts[i] < end),
    title: `Top 3 songs per 1-hour window (sliding every 30 minutes), ${
      days === 1 ? from : `${days} days from ${from}`
    }`,
  };
}

/**
 * Every chart of one result table: {@linkcode tableChart}, and for the
 * country tables a world map as well.
 *
 * @param name The table.
 * @param rows Its rows.
 * @param options Title and width of the first chart; days of sliding
 *   windows drawn.
 * @returns One or two vega-lite specs (none for an empty table).
 */
export function tableCharts<N extends TableName>(
  name: N,
  rows: TableRows[N],
  options: TableChartsOptions = {},
): TopLevelSpec[] {
  if (rows.length === 0) return [];
  const { slidingDays, ...chartOptions } = options;
  if (name === "sliding_top_songs" && slidingDays !== undefined) {
    const shown = firstDays(
      rows as TableRows["sliding_top_songs"],
      slidingDays,
    );
    return [
      tableChart("sliding_top_songs", shown.rows, {
        title: shown.title,
        ...chartOptions,
      }),
    ];
  }
  const charts = [tableChart(name, rows, chartOptions)];
  if (name === "top_artist_per_country") {
    charts.push(worldMapChart(rows as TableRows["top_artist_per_country"], {
      title: "The top artist's events per country",
      tooltip: ["artist"],
    }));
  } else if (name === "top_countries_per_personality") {
    const table = rows as TableRows["top_countries_per_personality"];
    charts.push(worldMapChart(eventsPerCountry(table), {
      title: "Events per country, over the personalities' top-10 lists",
    }));
  }
  return charts;
}
