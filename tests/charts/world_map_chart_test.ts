import assert from "node:assert/strict";
import {
  countryNumericCode,
  renderSvg,
  tableCharts,
  worldMapChart,
} from "../../lib/charts/mod.ts";
import { countryShares } from "../../lib/places/mod.ts";
import world from "world-atlas/countries-110m.json" with { type: "json" };

const geometries = (world as unknown as {
  objects: { countries: { geometries: { id?: string }[] } };
}).objects.countries.geometries;
const ids = new Set(geometries.map((g) => g.id));

Deno.test("countryNumericCode() finds every country the generator draws on the world map", () => {
  const missing = [...countryShares().keys()].filter((country) =>
    !ids.has(countryNumericCode(country) ?? "")
  );
  assert.deepEqual(missing, []);
  assert.equal(countryNumericCode("Czech Republic"), "203"); // "Czechia" there
  assert.equal(countryNumericCode("Atlantis"), undefined);
});

Deno.test("worldMapChart() renders offline and colours exactly the countries given", async () => {
  const spec = worldMapChart([
    { country: "Brazil", events: 10 },
    { country: "Czech Republic", events: 3 },
  ]);
  assert.doesNotMatch(JSON.stringify(spec), /"url"/);
  const svg = await renderSvg(spec);
  const layer = (n: number) => {
    const start = svg.indexOf(`layer_${n}_marks`);
    const end = svg.indexOf("</g>", start);
    return svg.slice(start, end).split("<path").length - 1;
  };
  assert.equal(layer(0), geometries.length); // the grey world
  assert.equal(layer(1), 2); // the two countries with a value
});

Deno.test("worldMapChart() refuses a row without a country", () => {
  assert.throws(() => worldMapChart([{ events: 1 } as never]), {
    name: "TypeError",
    message: 'every row needs a country name: got {"events":1}',
  });
});

Deno.test("tableCharts() adds a world map to the country tables only", () => {
  const artists = [{ country: "Brazil", artist: "A", events: 3 }];
  assert.equal(tableCharts("top_artist_per_country", artists).length, 2);
  const song = { song_name: "S", artist: "A", plays: 1, rank: 1 };
  assert.equal(tableCharts("night_top10", [song]).length, 1);
  assert.equal(tableCharts("night_top10", []).length, 0);
});
