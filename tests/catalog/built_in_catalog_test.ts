import assert from "node:assert/strict";
import { faker } from "@faker-js/faker/locale/en";
import { builtInCatalog, createCatalog } from "../../lib/catalog/mod.ts";

Deno.test("builtInCatalog() has at least 5,000 songs by 800 artists", () => {
  const catalog = builtInCatalog();
  assert.equal(catalog.source, "built-in");
  assert.ok(catalog.songs.length >= 5000, `${catalog.songs.length} songs`);
  assert.ok(catalog.artists.length >= 800, `${catalog.artists.length} artists`);
  const keys = new Set(catalog.songs.map((s) => `${s.title}\u0000${s.artist}`));
  assert.equal(keys.size, catalog.songs.length, "(title, artist) is unique");
});

Deno.test("builtInCatalog() is deterministic across processes", async () => {
  const script = `
    import { builtInCatalog } from "${
    new URL("../../lib/catalog/mod.ts", import.meta.url).href
  }";
    console.log(JSON.stringify(builtInCatalog({ songs: 600, artists: 100 }).songs));
  `;
  const run = async () => {
    const { stdout, success } = await new Deno.Command(Deno.execPath(), {
      args: ["eval", script],
      stdout: "piped",
    }).output();
    assert.ok(success);
    return new TextDecoder().decode(stdout);
  };
  const [a, b] = await Promise.all([run(), run()]);
  assert.equal(a, b);
  const songs = JSON.parse(a);
  assert.equal(songs.length, 600);
  assert.deepEqual(
    createCatalog(songs).songs,
    builtInCatalog({ songs: 600, artists: 100 }).songs,
  );
});

Deno.test("builtInCatalog() has plausible distributions", () => {
  const { songs, songsByArtist, recentYear } = builtInCatalog();
  const quantile = (values: number[], q: number) =>
    values.sort((x, y) => x - y)[Math.floor(q * (values.length - 1))];
  // Popularity long-tailed: median well below the top decile.
  const pop = songs.map((s) => s.popularity);
  assert.ok(quantile(pop, 0.5) < 40, "median popularity < 40");
  assert.ok(quantile(pop, 0.9) > 55, "top decile > 55");
  assert.ok(pop.every((p) => Number.isInteger(p) && p >= 0 && p <= 100));
  // Recent years more common: the newer half of the years holds most songs.
  const years = songs.map((s) => s.year);
  const min = Math.min(...years), max = Math.max(...years);
  const newerHalf = years.filter((y) => y > (min + max) / 2).length;
  assert.ok(newerHalf / songs.length > 0.6, "most songs in the newer half");
  // Recent quarter: at least a quarter of the songs, but not most.
  const recent = years.filter((y) => y >= recentYear).length / songs.length;
  assert.ok(recent >= 0.25 && recent < 0.4, `recent share ${recent}`);
  // Artists with several songs, and a long tail of prolific ones.
  const per = songsByArtist.map((l) => l.length);
  assert.ok(per.filter((n) => n >= 3).length > per.length / 2);
  assert.ok(Math.max(...per) >= 30);
  // Lengths and features in range.
  for (const s of songs) {
    assert.ok(s.lengthSeconds >= 60 && s.lengthSeconds <= 900);
    assert.ok(s.danceability >= 0 && s.danceability <= 100);
    assert.ok(s.energy >= 0 && s.energy <= 100);
  }
  const lengths = songs.map((s) => s.lengthSeconds);
  const median = quantile(lengths, 0.5);
  assert.ok(median > 180 && median < 270, `median length ${median}`);
});

Deno.test("builtInCatalog() rejects impossible sizes", () => {
  assert.throws(() => builtInCatalog({ songs: 0 }), {
    name: "RangeError",
    message: "songs must be a positive integer: got 0",
  });
  assert.throws(() => builtInCatalog({ songs: 10, artists: 11 }), {
    name: "RangeError",
    message: "artists must be an integer from 1 to songs (10): got 11",
  });
});

Deno.test("builtInCatalog() seeds a faker of its own, not the shared one", () => {
  const draws = () => Array.from({ length: 5 }, () => faker.number.int());
  faker.seed(7);
  const expected = draws();
  faker.seed(7);
  // options no other test uses: the catalogue is made, not taken from the cache
  builtInCatalog({ songs: 60, artists: 12, latestYear: 2011 });
  assert.deepEqual(draws(), expected);
});
