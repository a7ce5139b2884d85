import assert from "node:assert/strict";
import cityTimezones from "city-timezones";
import { IANAZone } from "luxon";
import {
  countryShares,
  createPlacePicker,
  MARKET_REGIONS,
} from "../../lib/places/mod.ts";

/** A small deterministic uniform source for tests. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
}

Deno.test("countryShares() gives each region its published share", () => {
  const shares = countryShares();
  const total = [...shares.values()].reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(total - 1) < 1e-9);
  for (const { region, share, countries } of MARKET_REGIONS) {
    const sum = Object.keys(countries).reduce((s, c) => s + shares.get(c)!, 0);
    assert.ok(Math.abs(sum - share) < 1e-9, region);
  }
  assert.deepEqual(
    MARKET_REGIONS.map((r) => [r.region, r.share]),
    [
      ["Europe", 0.27],
      ["Latin America", 0.22],
      ["North America", 0.17],
      ["Rest of World", 0.34],
    ],
  );
});

Deno.test("createPlacePicker() draws real cities with valid time zones", () => {
  const picker = createPlacePicker();
  const random = lcg(7);
  for (let i = 0; i < 2000; i++) {
    const place = picker.pick(random);
    assert.ok(IANAZone.isValidZone(place.timezone), place.timezone);
    const real = cityTimezones.cityMapping.find((c) =>
      c.city === place.city && c.country === place.country &&
      c.lat === place.latitude && c.lng === place.longitude
    );
    assert.ok(real, `${place.city}, ${place.country} is in the dataset`);
    assert.equal(real.timezone, place.timezone);
    assert.ok(place.population >= 20_000);
  }
});

Deno.test("createPlacePicker() follows the market shares", () => {
  const picker = createPlacePicker();
  const random = lcg(42);
  const n = 40_000;
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const { country } = picker.pick(random);
    counts.set(country, (counts.get(country) ?? 0) + 1);
  }
  for (const [country, share] of countryShares()) {
    const observed = (counts.get(country) ?? 0) / n;
    // Within 4 standard deviations of a binomial proportion.
    const sd = Math.sqrt(share * (1 - share) / n);
    assert.ok(
      Math.abs(observed - share) < 4 * sd + 1e-4,
      `${country}: observed ${observed}, expected ${share}`,
    );
  }
  // Big cities dominate a country: New York is drawn more than any other US city.
  const us = new Map<string, number>();
  const random2 = lcg(3);
  const onlyUs = createPlacePicker({
    countryWeights: new Map([["United States of America", 1]]),
  });
  for (let i = 0; i < 5000; i++) {
    const { city } = onlyUs.pick(random2);
    us.set(city, (us.get(city) ?? 0) + 1);
  }
  const top = [...us].sort((a, b) => b[1] - a[1])[0][0];
  assert.equal(top, "New York");
});

Deno.test("createPlacePicker() gives the same places for the same numbers", () => {
  const a = createPlacePicker(), b = createPlacePicker();
  const ra = lcg(99), rb = lcg(99);
  for (let i = 0; i < 100; i++) assert.deepEqual(a.pick(ra), b.pick(rb));
});

Deno.test("createPlacePicker() rejects a country without cities", () => {
  assert.throws(
    () => createPlacePicker({ countryWeights: new Map([["Atlantis", 1]]) }),
    {
      name: "RangeError",
      message:
        'no city of at least 20000 people in "Atlantis" (city-timezones)',
    },
  );
});
