/**
 * Where listeners live: real cities (npm `city-timezones`) drawn with the
 * country mix of a real streaming service's markets.
 *
 * @example
 * ```ts
 * import { createPlacePicker } from "./mod.ts";
 * const place = createPlacePicker().pick(Math.random);
 * // { city: "São Paulo", country: "Brazil", timezone: "America/Sao_Paulo", ... }
 * ```
 *
 * @module
 */
export { countryShares, MARKET_REGIONS } from "./market_weights.ts";
export type { MarketRegion } from "./market_weights.ts";
export { createPlacePicker } from "./place_picker.ts";
export type { Place, PlacePicker, PlacePickerOptions } from "./place_picker.ts";
