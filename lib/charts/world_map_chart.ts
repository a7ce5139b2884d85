/**
 * A world map of a per-country value: vega-lite `geoshape` over Natural
 * Earth's 1:110m countries (npm `world-atlas`), embedded in the spec so a
 * report that shows the map loads nothing from the network. Countries are
 * matched by ISO 3166 numeric code (npm `i18n-iso-countries`), so "Czech
 * Republic" finds Natural Earth's "Czechia".
 *
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import countries from "i18n-iso-countries";
import world from "world-atlas/countries-110m.json" with { type: "json" };

/** Options of {@linkcode worldMapChart}. */
export interface WorldMapChartOptions {
  /** The column holding the value to colour by. Default `"events"`. */
  value?: string;
  /** `quantitative` (a colour ramp) or `nominal` (one colour per value). Default quantitative. */
  type?: "quantitative" | "nominal";
  /** Chart title. Default: the value per country. */
  title?: string;
  /** Width in pixels. Default 640 (height is half). */
  width?: number;
  /** More columns of the rows to show in the tooltip. Default none. */
  tooltip?: readonly string[];
}

/**
 * The ISO 3166 numeric code of a country name (English), as Natural
 * Earth's ids spell it (`"076"`), or undefined when unknown.
 *
 * @param name A country name, e.g. `"Brazil"`.
 * @returns The three-digit code, or undefined.
 */
export function countryNumericCode(name: string): string | undefined {
  const alpha3 = countries.getAlpha3Code(name, "en");
  return alpha3 ? countries.alpha3ToNumeric(alpha3) : undefined;
}

/**
 * A map of the world with each country of `rows` coloured by its value;
 * countries without a row are grey.
 *
 * @param rows One row per country with a `country` column and the value.
 * @param options Value column, its type, title and width.
 * @returns A vega-lite spec.
 * @throws {TypeError} When a row has no `country` string.
 */
export function worldMapChart<R extends { country: string }>(
  rows: readonly R[],
  options: WorldMapChartOptions = {},
): TopLevelSpec {
  const { value = "events", type = "quantitative", width = 640 } = options;
  const extra = options.tooltip ?? [];
  const values = rows.map((row) => {
    if (typeof row?.country !== "string") {
      throw new TypeError(
        `every row needs a country name: got ${JSON.stringify(row)}`,
      );
    }
    return { ...row, id: countryNumericCode(row.country) ?? row.country };
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: options.title ?? `${value} per country`,
    width,
    height: Math.round(width / 2),
    projection: { type: "equalEarth" },
    data: { values: world, format: { type: "topojson", feature: "countries" } },
    config: { font: "sans-serif", view: { stroke: null } },
    layer: [
      { mark: { type: "geoshape", fill: "#e4e4e4", stroke: "white" } },
      {
        transform: [
          {
            lookup: "id",
            from: {
              data: { values },
              key: "id",
              fields: ["country", value, ...extra],
            },
          },
          { filter: `isValid(datum[${JSON.stringify(value)}])` },
        ],
        mark: { type: "geoshape", stroke: "white", strokeWidth: 0.5 },
        encoding: {
          color: {
            field: value,
            type,
            ...(type === "nominal" ? { scale: { scheme: "category20" } } : {}),
          },
          tooltip: [
            { field: "country", type: "nominal" },
            { field: value, type },
            ...extra.map((field) => ({ field, type: "nominal" })),
          ],
        },
      },
    ],
  } as unknown as TopLevelSpec;
}
