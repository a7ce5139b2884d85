/**
 * How a real streaming service's listeners are spread over countries.
 *
 * Where the numbers come from:
 * - The four regional shares are Spotify's own: the "MAUs by region" chart
 *   of Spotify Technology S.A.'s Q4 2024 shareholder deck (675 M monthly
 *   active users): Europe 27 %, Latin America 22 %, North America 17 %,
 *   Rest of World 34 %.
 * - Spotify does not publish users per country. Inside each region the
 *   split below is our estimate: roughly the country's population times
 *   its music-streaming adoption, anchored on widely reported facts (the
 *   United States is the largest single market; Brazil and Mexico lead
 *   Latin America; India, Indonesia and the Philippines are the largest
 *   Rest-of-World markets). The relative weights inside a region are what
 *   matter; each region's weights are scaled to its published share.
 *
 * Country names are spelled as in the `city-timezones` dataset.
 *
 * @module
 */

/** A region of Spotify's reporting and its share of monthly active users. */
export interface MarketRegion {
  /** Region name as Spotify reports it. */
  readonly region: string;
  /** Share of MAUs, 0–1 (Q4 2024 shareholder deck). */
  readonly share: number;
  /** Countries and their relative weights inside the region (estimates). */
  readonly countries: Readonly<Record<string, number>>;
}

/** The regions and countries users are drawn from (see module docs). */
export const MARKET_REGIONS: readonly MarketRegion[] = Object.freeze<
  MarketRegion[]
>([
  {
    region: "Europe",
    share: 0.27,
    countries: {
      "United Kingdom": 4.5,
      "Germany": 4.0,
      "France": 3.5,
      "Spain": 2.5,
      "Italy": 2.3,
      "Turkey": 2.0,
      "Poland": 1.6,
      "Netherlands": 1.4,
      "Sweden": 0.9,
      "Belgium": 0.6,
      "Romania": 0.6,
      "Norway": 0.5,
      "Denmark": 0.5,
      "Austria": 0.5,
      "Switzerland": 0.5,
      "Portugal": 0.5,
      "Finland": 0.4,
      "Czech Republic": 0.4,
      "Ireland": 0.3,
      "Greece": 0.3,
      "Hungary": 0.3,
    },
  },
  {
    region: "Latin America",
    share: 0.22,
    countries: {
      "Brazil": 8.0,
      "Mexico": 6.0,
      "Argentina": 2.2,
      "Colombia": 1.8,
      "Chile": 1.3,
      "Peru": 1.0,
      "Ecuador": 0.4,
      "Guatemala": 0.3,
      "Dominican Republic": 0.3,
      "Costa Rica": 0.2,
      "Uruguay": 0.2,
    },
  },
  {
    region: "North America",
    share: 0.17,
    countries: {
      "United States of America": 14.5,
      "Canada": 2.5,
    },
  },
  {
    region: "Rest of World",
    share: 0.34,
    countries: {
      "India": 9.0,
      "Indonesia": 6.0,
      "Philippines": 4.0,
      "Australia": 2.5,
      "Japan": 2.0,
      "Vietnam": 1.2,
      "Saudi Arabia": 1.0,
      "South Africa": 1.0,
      "Egypt": 1.0,
      "Thailand": 1.0,
      "Malaysia": 1.0,
      "Nigeria": 0.8,
      "Pakistan": 0.8,
      "South Korea": 0.5,
      "New Zealand": 0.5,
      "Taiwan": 0.5,
      "Israel": 0.4,
      "United Arab Emirates": 0.4,
      "Morocco": 0.4,
      "Kenya": 0.3,
    },
  },
]);

/**
 * Each country's share of users (0–1, summing to 1): its weight scaled so
 * that its region gets the region's published share.
 *
 * @returns Country name → share.
 */
export function countryShares(): Map<string, number> {
  const shares = new Map<string, number>();
  for (const { share, countries } of MARKET_REGIONS) {
    const total = Object.values(countries).reduce((a, b) => a + b, 0);
    for (const [country, weight] of Object.entries(countries)) {
      shares.set(country, (share * weight) / total);
    }
  }
  return shares;
}
