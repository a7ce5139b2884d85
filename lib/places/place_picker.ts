/**
 * Draws users' locations: a country by market share, then a real city of
 * that country weighted by population, from the `city-timezones` dataset
 * (7,300 cities with coordinates and IANA time zones).
 *
 * @module
 */
import cityTimezones from "city-timezones";
import { IANAZone } from "luxon";
import { countryShares } from "./market_weights.ts";

/** A real place: city, country, coordinates and IANA time zone. */
export interface Place {
  /** City name. */
  readonly city: string;
  /** Country name (as spelled in `city-timezones`). */
  readonly country: string;
  /** ISO 3166-1 alpha-2 code. */
  readonly iso2: string;
  /** Latitude in degrees. */
  readonly latitude: number;
  /** Longitude in degrees. */
  readonly longitude: number;
  /** IANA time zone, e.g. `"Europe/Amsterdam"`. */
  readonly timezone: string;
  /** Population (the dataset's estimate). */
  readonly population: number;
}

/** Options of {@linkcode createPlacePicker}. */
export interface PlacePickerOptions {
  /**
   * Country → relative weight. Default: {@linkcode countryShares} (a real
   * streaming service's markets).
   */
  countryWeights?: ReadonlyMap<string, number>;
  /** Cities smaller than this are left out. Default 20,000. */
  minPopulation?: number;
}

/** Picks places with given uniform random numbers. */
export interface PlacePicker {
  /** The countries that can be drawn, with their normalised shares. */
  readonly countries: ReadonlyMap<string, number>;
  /**
   * Draws one place.
   *
   * @param random A source of uniform numbers in [0, 1) (called twice).
   * @returns A place.
   */
  pick(random: () => number): Place;
}

/**
 * Builds a {@linkcode PlacePicker} over the `city-timezones` cities.
 *
 * @param options Country weights and the smallest city.
 * @returns The picker.
 * @throws {RangeError} When a weighted country has no usable city.
 */
export function createPlacePicker(
  options: PlacePickerOptions = {},
): PlacePicker {
  const { countryWeights = countryShares(), minPopulation = 20_000 } = options;
  const byCountry = new Map<string, Place[]>();
  const validZone = new Map<string, boolean>();
  for (const c of cityTimezones.cityMapping) {
    if (!countryWeights.has(c.country) || !c.timezone) continue;
    if (!(c.pop >= minPopulation)) continue;
    let valid = validZone.get(c.timezone);
    if (valid === undefined) {
      valid = IANAZone.isValidZone(c.timezone);
      validZone.set(c.timezone, valid);
    }
    if (!valid) continue;
    const list = byCountry.get(c.country) ?? [];
    list.push(Object.freeze({
      city: c.city,
      country: c.country,
      iso2: c.iso2,
      latitude: c.lat,
      longitude: c.lng,
      timezone: c.timezone,
      population: c.pop,
    }));
    byCountry.set(c.country, list);
  }
  const names = [...countryWeights.keys()].filter((c) =>
    countryWeights.get(c)! > 0
  ).sort();
  const total = names.reduce((s, c) => s + countryWeights.get(c)!, 0);
  const countryCumulative = new Float64Array(names.length);
  const cities: Place[][] = [];
  const cityCumulative: Float64Array[] = [];
  let acc = 0;
  names.forEach((name, i) => {
    const list = byCountry.get(name);
    if (!list?.length) {
      throw new RangeError(
        `no city of at least ${minPopulation} people in ${
          JSON.stringify(name)
        } (city-timezones)`,
      );
    }
    // Stable order, so the same draw gives the same city everywhere.
    list.sort((a, b) =>
      b.population - a.population || a.city.localeCompare(b.city)
    );
    acc += countryWeights.get(name)! / total;
    countryCumulative[i] = acc;
    cities.push(list);
    let sum = 0;
    cityCumulative.push(Float64Array.from(list, (p) => (sum += p.population)));
  });
  return {
    countries: new Map(names.map((n) => [n, countryWeights.get(n)! / total])),
    pick(random) {
      const c = search(countryCumulative, random());
      const cum = cityCumulative[c];
      return cities[c][search(cum, random() * cum[cum.length - 1])];
    },
  };
}

/** Index of the first cumulative value above `x` (binary search). */
function search(cumulative: Float64Array, x: number): number {
  let lo = 0, hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
