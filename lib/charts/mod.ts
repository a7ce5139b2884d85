/**
 * Charts of the analysis tables as vega-lite specs, like the original
 * project's figures, and headless SVG rendering for reports and tests.
 *
 * @example Render the night top 10
 * ```ts
 * import { renderSvg, tableChart } from "./mod.ts";
 * const svg = await renderSvg(tableChart("night_top10", rows.night_top10));
 * ```
 *
 * @module
 */
export type { ChartOptions } from "./_common.ts";
export { topArtistPerCountryChart } from "./country_charts.ts";
export type { TopArtistPerCountryChartOptions } from "./country_charts.ts";
export {
  listeningTimeChart,
  personalityFavouritesChart,
  topCountriesChart,
} from "./personality_charts.ts";
export { renderSvg } from "./render_svg.ts";
export {
  dayVsNightWindowsChart,
  slidingTopSongsChart,
  timeOfDayChart,
  topSongsChart,
} from "./song_charts.ts";
export type { SlidingTopSongsChartOptions } from "./song_charts.ts";
export { tableChart, tableCharts } from "./table_chart.ts";
export type { TableChartsOptions } from "./table_chart.ts";
export {
  countriesChart,
  hourOfDayChart,
  interactionsChart,
  personalityMetricsChart,
  songsPerYearChart,
  timeOfDayClocksChart,
} from "./dataset_charts.ts";
export {
  engineProgressChart,
  lagChart,
  partitionsChart,
  queueListeningChart,
  windowsOverTimeChart,
} from "./pipeline_charts.ts";
export type { WindowsOverTimeChartOptions } from "./pipeline_charts.ts";
export { countryNumericCode, worldMapChart } from "./world_map_chart.ts";
export type { WorldMapChartOptions } from "./world_map_chart.ts";
