/**
 * Charts of the personality tables: top countries, favourites and
 * listening time.
 *
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import type {
  ListeningTimeRow,
  PersonalityFavouritesRow,
  TopCountryRow,
} from "../analysis/mod.ts";
import { chart, type ChartOptions } from "./_common.ts";

/**
 * Top countries per personality (`top_countries_per_personality`): one
 * small bar chart per personality, four per row.
 *
 * @param rows The table's rows.
 * @param options Title and width of each small chart.
 * @returns A vega-lite spec.
 */
export function topCountriesChart(
  rows: readonly TopCountryRow[],
  options: ChartOptions = {},
): TopLevelSpec {
  return chart(rows, options.title ?? "Top 10 countries per personality", {
    facet: { field: "personality", type: "nominal", title: null },
    columns: 4,
    resolve: { scale: { y: "independent" } },
    spec: {
      width: options.width ?? 140,
      height: 140,
      mark: "bar",
      encoding: {
        y: {
          field: "country",
          type: "nominal",
          title: null,
          sort: { field: "rank", order: "ascending" },
        },
        x: { field: "events", type: "quantitative", title: "events" },
        tooltip: [
          { field: "country", type: "nominal" },
          { field: "events", type: "quantitative" },
          { field: "rank", type: "ordinal" },
        ],
      },
    },
  });
}

/**
 * Each personality's most played song (`personality_favourites`): bars of
 * its plays, labelled with the song, artist and genre favourites.
 *
 * @param rows The table's rows.
 * @param options Title and width.
 * @returns A vega-lite spec.
 */
export function personalityFavouritesChart(
  rows: readonly PersonalityFavouritesRow[],
  options: ChartOptions = {},
): TopLevelSpec {
  const plays = rows.filter((row) => row.top_song !== null);
  return chart(plays, options.title ?? "Most played song per personality", {
    width: options.width ?? 360,
    transform: [{
      calculate:
        "datum.top_song + ' — ' + datum.top_song_artist + ' (' + datum.top_genre + ')'",
      as: "label",
    }],
    encoding: {
      y: { field: "personality", type: "nominal", title: null },
      x: { field: "top_song_plays", type: "quantitative", title: "plays" },
    },
    layer: [
      { mark: "bar" },
      {
        mark: { type: "text", align: "left", dx: 4 },
        encoding: { text: { field: "label", type: "nominal" } },
      },
    ],
  });
}

/**
 * Listening time per personality (`listening_time_per_personality`):
 * average song length played, in seconds, as the original's figure.
 *
 * @param rows The table's rows.
 * @param options Title and width.
 * @returns A vega-lite spec.
 */
export function listeningTimeChart(
  rows: readonly ListeningTimeRow[],
  options: ChartOptions = {},
): TopLevelSpec {
  return chart(
    rows,
    options.title ?? "Average listening time per personality",
    {
      width: options.width ?? 360,
      mark: "bar",
      encoding: {
        y: { field: "personality", type: "nominal", title: null, sort: "-x" },
        x: {
          field: "avg_seconds",
          type: "quantitative",
          title: "average seconds per play",
        },
        tooltip: [
          { field: "personality", type: "nominal" },
          { field: "plays", type: "quantitative" },
          { field: "avg_seconds", type: "quantitative", format: ".1f" },
          { field: "total_minutes", type: "quantitative", format: ",.1f" },
          { field: "listened_minutes", type: "quantitative", format: ",.1f" },
        ],
      },
    },
  );
}
