import assert from "node:assert/strict";
import {
  CatalogFormatError,
  loadSpotifyCsv,
  parseSpotifyCsv,
} from "../../lib/catalog/mod.ts";

const SAMPLE =
  new URL("../testdata/catalog/top2000_sample.csv", import.meta.url)
    .pathname;
const REAL =
  new URL("../../../shared/datasets/spotify-2000.csv", import.meta.url)
    .pathname;
const HEADER = "Index,Title,Artist,Top Genre,Year,Beats Per Minute (BPM)," +
  "Energy,Danceability,Loudness (dB),Liveness,Valence,Length (Duration)," +
  "Acousticness,Speechiness,Popularity";

function assertFormatError(
  text: string,
  line: number,
  column: number,
  problem: string | RegExp,
) {
  assert.throws(() => parseSpotifyCsv(text, { source: "t.csv" }), (error) => {
    assert.ok(error instanceof CatalogFormatError, String(error));
    assert.equal(error.line, line);
    assert.equal(error.column, column);
    const prefix = `t.csv: line ${line}, column ${column}: `;
    if (typeof problem === "string") {
      assert.equal(error.message, prefix + problem);
    } else {
      assert.ok(error.message.startsWith(prefix), error.message);
      assert.match(error.message.slice(prefix.length), problem);
    }
    return true;
  });
}

Deno.test("loadSpotifyCsv() reads BOM, CRLF, quoted fields and the 1,412 length quirk", async () => {
  const catalog = await loadSpotifyCsv(SAMPLE);
  assert.equal(catalog.source, SAMPLE);
  assert.deepEqual(catalog.songs.map((s) => s.title), [
    "Sunrise",
    'Lose Yourself - From "8 Mile" Soundtrack',
    "You're The First, The Last, My Everything",
    "Echoes",
    "Wish You Were Here",
  ]);
  assert.deepEqual(catalog.songs[3], {
    title: "Echoes",
    artist: "Pink Floyd",
    genre: "album rock",
    year: 1971,
    energy: 32,
    danceability: 28,
    lengthSeconds: 1412,
    popularity: 58,
  });
  assert.equal(catalog.songs[0].artist, "Norah Jones"); // no BOM in names
  assert.deepEqual(catalog.artists, [
    "Norah Jones",
    "Eminem",
    "Barry White",
    "Pink Floyd",
  ]);
  assert.deepEqual([...catalog.songsByArtist[3]], [3, 4]);
});

Deno.test("parseSpotifyCsv() names the line and column of a malformed row", async (t) => {
  const ok =
    "1,Sunrise,Norah Jones,adult standards,2004,157,30,53,-14,11,68,201,94,3,71";
  await t.step("a missing field", () => {
    assertFormatError(
      `${HEADER}\n${ok}\n2,Black Night,Deep Purple,album rock,2000,135,79,50,-11,17,81,207,17,7\n`,
      3,
      15,
      "expected 15 fields, got 14",
    );
  });
  await t.step("an extra field that is not a split length", () => {
    assertFormatError(
      `${HEADER}\n${ok}\n${ok}\n${ok},12\n`,
      4,
      16,
      "expected 15 fields, got 16",
    );
  });
  await t.step("a thousands group elsewhere than in the length", () => {
    assertFormatError(
      `${HEADER}\n4,Echoes,Pink Floyd,album rock,1,971,134,32,28,-17,11,14,412,37,4,58\n`,
      2,
      5,
      'Year must be an integer from 1000 to 9999: got "1"',
    );
  });
  await t.step("a non-numeric year", () => {
    assertFormatError(
      `${HEADER}\n${ok.replace("2004", "20o4")}\n`,
      2,
      5,
      'Year must be an integer from 1000 to 9999: got "20o4"',
    );
  });
  await t.step("a popularity out of range", () => {
    assertFormatError(
      `${HEADER}\n${ok.replace(/71$/, "171")}\n`,
      2,
      15,
      'Popularity must be an integer from 0 to 100: got "171"',
    );
  });
  await t.step("an empty artist", () => {
    assertFormatError(
      `${HEADER}\n${ok.replace("Norah Jones", "")}\n`,
      2,
      3,
      "empty Artist",
    );
  });
  await t.step("an unclosed quote", () => {
    assertFormatError(
      `${HEADER}\n${ok}\n2,"Black Night,Deep Purple,album rock\n`,
      3,
      2,
      /Quote Not Closed/,
    );
  });
  await t.step("a header without a needed column", () => {
    assertFormatError(
      `${HEADER.replace(",Popularity", "")}\n${ok}\n`,
      1,
      15,
      'missing column "Popularity" in the header',
    );
  });
  await t.step("a header only", () => {
    assertFormatError(`${HEADER}\n`, 2, 1, "no songs after the header");
  });
});

Deno.test("loadSpotifyCsv() reports a missing file", async () => {
  await assert.rejects(() => loadSpotifyCsv("/nonexistent/top.csv"), {
    name: "Error",
    message: 'cannot read catalogue "/nonexistent/top.csv": no such file',
  });
});

Deno.test({
  name: "loadSpotifyCsv() reads the real Top 2000s file",
  ignore: !existsSync(REAL),
  fn: async () => {
    const catalog = await loadSpotifyCsv(REAL);
    assert.equal(catalog.songs.length, 1994);
    const echoes = catalog.songs.find((s) => s.title === "Echoes");
    assert.equal(echoes?.lengthSeconds, 1412);
    const autobahn = catalog.songs.find((s) =>
      s.title === "Autobahn - 2009 Remaster"
    );
    assert.equal(autobahn?.lengthSeconds, 1367);
    assert.ok(catalog.artists.length > 700);
    for (const s of catalog.songs) {
      assert.ok(s.popularity >= 0 && s.popularity <= 100, s.title);
      assert.ok(s.lengthSeconds > 0 && s.lengthSeconds < 2000, s.title);
    }
  },
});

function existsSync(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}
