/**
 * Chart of the top artist of each country.
 *
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import type { TopArtistRow } from "../analysis/mod.ts";
import { chart, type ChartOptions } from "./_common.ts";

/** Options of {@linkcode topArtistPerCountryChart}. */
export interface TopArtistPerCountryChartOptions extends ChartOptions {
  /** Draw the countries with the most events for their top artist. Default 30. */
  maxCountries?: number;
}

/**
 * The top artist of each country (`top_artist_per_country`): bars of the
 * artist's events per country, coloured by artist, for the `maxCountries`
 * countries with the highest counts.
 *
 * @param rows The table's rows.
 * @param options Title, width and number of countries.
 * @returns A vega-lite spec.
 */
export function topArtistPerCountryChart(
  rows: readonly TopArtistRow[],
  options: TopArtistPerCountryChartOptions = {},
): TopLevelSpec {
  const { maxCountries = 30 } = options;
  const shown = [...rows]
    .sort((a, b) => b.events - a.events || (a.country < b.country ? -1 : 1))
    .slice(0, maxCountries);
  return chart(shown, options.title ?? "Top artist per country", {
    width: options.width ?? 360,
    mark: "bar",
    encoding: {
      y: { field: "country", type: "nominal", title: null, sort: "-x" },
      x: { field: "events", type: "quantitative", title: "events" },
      color: { field: "artist", type: "nominal", title: "artist" },
      tooltip: [
        { field: "country", type: "nominal" },
        { field: "artist", type: "nominal" },
        { field: "events", type: "quantitative" },
      ],
    },
  });
}
