/**
 * The result tables of `tests/testdata/analysis/hand_made_events.ts`,
 * worked out by hand (see the comments for the arithmetic). `#n` refers to
 * the n-th event.
 *
 * @module
 */
import type { TableRows } from "../../lib/analysis/mod.ts";

const N = "The nomad";
const D = "The devotee";
const R = "The replayer";
const HS = { song_name: "Hunger Strike", artist: "Temple of the Dog" };
const NF = { song_name: "Night Fever", artist: "Bee Gees" };
const WC = { song_name: "Wind of Change", artist: "Scorpions" };
const ZO = { song_name: "Zombie", artist: "The Cranberries" };
const EC = { song_name: "Écoute", artist: "Zaz" };
const AN = { song_name: "angel", artist: "Massive Attack" };

function w(start: string, hours: number) {
  const s = Date.parse(`2025-03-01T${start}:00.000Z`);
  return {
    window_start: new Date(s).toISOString(),
    window_end: new Date(s + hours * 3_600_000).toISOString(),
  };
}

/** Every table of a batch over all 26 events, local time of day. */
export const EXPECTED_LOCAL: TableRows = {
  // Events (all interactions) per personality and country:
  // nomad: Netherlands #15 #16 #17 #26 = 4, Tonga #7 #8 #18 #19 = 4,
  //        Brazil #1 #2 #13 = 3; devotee: India #9 #10 #22 = 3,
  //        Russia #3 #4 #14 = 3, Brazil #24 #25 = 2; replayer: Japan #5 #6
  //        #20 #21 = 4, Nepal #11 #12 #23 = 3. Ties: country ascending.
  top_countries_per_personality: [
    { personality: D, country: "India", events: 3, rank: 1 },
    { personality: D, country: "Russia", events: 3, rank: 2 },
    { personality: D, country: "Brazil", events: 2, rank: 3 },
    { personality: N, country: "Netherlands", events: 4, rank: 1 },
    { personality: N, country: "Tonga", events: 4, rank: 2 },
    { personality: N, country: "Brazil", events: 3, rank: 3 },
    { personality: R, country: "Japan", events: 4, rank: 1 },
    { personality: R, country: "Nepal", events: 3, rank: 2 },
  ],
  // Brazil: Temple of the Dog #1 #13 = 2 ties The Cranberries #24 #25 = 2,
  // "Tem" < "The"; Russia and Tonga: all artists once, "Bee Gees" first.
  top_artist_per_country: [
    { country: "Brazil", artist: "Temple of the Dog", events: 2 },
    { country: "India", artist: "Zaz", events: 3 },
    { country: "Japan", artist: "The Cranberries", events: 3 },
    { country: "Nepal", artist: "Massive Attack", events: 2 },
    { country: "Netherlands", artist: "Scorpions", events: 2 },
    { country: "Russia", artist: "Bee Gees", events: 1 },
    { country: "Tonga", artist: "Bee Gees", events: 1 },
  ],
  // Night plays: #1 HS, #8 HS, #18 NF, #19 EC, #24 ZO.
  night_top10: [
    { ...HS, plays: 2, rank: 1 },
    { ...NF, plays: 1, rank: 2 },
    { ...ZO, plays: 1, rank: 3 },
    { ...EC, plays: 1, rank: 4 },
  ],
  // Morning plays: #2 NF, #3 NF, #9 EC, #11 AN, #13 HS, #14 HS, #15 AN,
  // #26 WC. Byte order: "Hunger" < "Night" < "Wind" < "angel" < "Écoute".
  morning_top10: [
    { ...HS, plays: 2, rank: 1 },
    { ...NF, plays: 2, rank: 2 },
    { ...AN, plays: 2, rank: 3 },
    { ...WC, plays: 1, rank: 4 },
    { ...EC, plays: 1, rank: 5 },
  ],
  // Afternoon plays: #4 WC, #5 WC, #10 EC, #12 HS; evening: #6 #7 #20 ZO.
  time_of_day: [
    { time_of_day: "afternoon", ...WC, plays: 2 },
    { time_of_day: "afternoon", ...HS, plays: 1 },
    { time_of_day: "afternoon", ...EC, plays: 1 },
    { time_of_day: "evening", ...ZO, plays: 3 },
    { time_of_day: "morning", ...HS, plays: 2 },
    { time_of_day: "morning", ...NF, plays: 2 },
    { time_of_day: "morning", ...AN, plays: 2 },
    { time_of_day: "morning", ...WC, plays: 1 },
    { time_of_day: "morning", ...EC, plays: 1 },
    { time_of_day: "night", ...HS, plays: 2 },
    { time_of_day: "night", ...NF, plays: 1 },
    { time_of_day: "night", ...ZO, plays: 1 },
    { time_of_day: "night", ...EC, plays: 1 },
  ],
  // #26 (05:00Z) alone in [00:00, 06:00); every other play in [06:00, 12:00).
  day_vs_night_windows: [
    { ...w("00:00", 6), time_of_day: "morning", ...WC, plays: 1, rank: 1 },
    { ...w("06:00", 6), time_of_day: "afternoon", ...WC, plays: 2, rank: 1 },
    { ...w("06:00", 6), time_of_day: "afternoon", ...HS, plays: 1, rank: 2 },
    { ...w("06:00", 6), time_of_day: "afternoon", ...EC, plays: 1, rank: 3 },
    { ...w("06:00", 6), time_of_day: "evening", ...ZO, plays: 3, rank: 1 },
    { ...w("06:00", 6), time_of_day: "morning", ...HS, plays: 2, rank: 1 },
    { ...w("06:00", 6), time_of_day: "morning", ...NF, plays: 2, rank: 2 },
    { ...w("06:00", 6), time_of_day: "morning", ...AN, plays: 2, rank: 3 },
    { ...w("06:00", 6), time_of_day: "morning", ...EC, plays: 1, rank: 4 },
    { ...w("06:00", 6), time_of_day: "night", ...HS, plays: 2, rank: 1 },
    { ...w("06:00", 6), time_of_day: "night", ...NF, plays: 1, rank: 2 },
    { ...w("06:00", 6), time_of_day: "night", ...ZO, plays: 1, rank: 3 },
    { ...w("06:00", 6), time_of_day: "night", ...EC, plays: 1, rank: 4 },
  ],
  // Each play is in the window starting at its half hour and the one 30
  // minutes before: e.g. #2 (09:00) in 09:00 and 08:30, #1 (08:59:59.999)
  // in 08:30 and 08:00.
  sliding_top_songs: [
    { ...w("04:30", 1), ...WC, plays: 1, rank: 1 }, // #26
    { ...w("05:00", 1), ...WC, plays: 1, rank: 1 }, // #26
    { ...w("05:30", 1), ...HS, plays: 1, rank: 1 }, // #12
    { ...w("05:30", 1), ...ZO, plays: 1, rank: 2 }, // #24
    { ...w("05:30", 1), ...AN, plays: 1, rank: 3 }, // #11
    { ...w("05:30", 1), ...EC, plays: 1, rank: 4 }, // #9
    { ...w("06:00", 1), ...EC, plays: 2, rank: 1 }, // #9 #10
    { ...w("06:00", 1), ...HS, plays: 1, rank: 2 }, // #12
    { ...w("06:00", 1), ...ZO, plays: 1, rank: 3 }, // #24
    { ...w("06:00", 1), ...AN, plays: 1, rank: 4 }, // #11
    { ...w("06:30", 1), ...HS, plays: 1, rank: 1 }, // #14
    { ...w("06:30", 1), ...EC, plays: 1, rank: 2 }, // #10
    { ...w("07:00", 1), ...HS, plays: 1, rank: 1 }, // #14
    { ...w("07:00", 1), ...AN, plays: 1, rank: 2 }, // #15
    { ...w("07:30", 1), ...AN, plays: 1, rank: 1 }, // #15
    { ...w("08:00", 1), ...HS, plays: 1, rank: 1 }, // #1
    { ...w("08:00", 1), ...NF, plays: 1, rank: 2 }, // #3
    { ...w("08:00", 1), ...WC, plays: 1, rank: 3 }, // #5
    { ...w("08:00", 1), ...ZO, plays: 1, rank: 4 }, // #7
    { ...w("08:30", 1), ...HS, plays: 2, rank: 1 }, // #1 #8
    { ...w("08:30", 1), ...NF, plays: 2, rank: 2 }, // #2 #3
    { ...w("08:30", 1), ...WC, plays: 2, rank: 3 }, // #4 #5
    { ...w("08:30", 1), ...ZO, plays: 2, rank: 4 }, // #6 #7
    { ...w("09:00", 1), ...HS, plays: 1, rank: 1 }, // #8
    { ...w("09:00", 1), ...NF, plays: 1, rank: 2 }, // #2
    { ...w("09:00", 1), ...WC, plays: 1, rank: 3 }, // #4
    { ...w("09:00", 1), ...ZO, plays: 1, rank: 4 }, // #6
    { ...w("09:30", 1), ...HS, plays: 1, rank: 1 }, // #13
    { ...w("10:00", 1), ...HS, plays: 1, rank: 1 }, // #13
    { ...w("10:00", 1), ...NF, plays: 1, rank: 2 }, // #18
    { ...w("10:00", 1), ...EC, plays: 1, rank: 3 }, // #19
    { ...w("10:30", 1), ...NF, plays: 1, rank: 1 }, // #18
    { ...w("10:30", 1), ...ZO, plays: 1, rank: 2 }, // #20
    { ...w("10:30", 1), ...EC, plays: 1, rank: 3 }, // #19
    { ...w("11:00", 1), ...ZO, plays: 1, rank: 1 }, // #20
  ],
  // devotee plays #3 NF, #4 WC, #9 EC, #10 EC, #14 HS, #24 ZO: genres
  //   alternative rock (HS, ZO) 2 ties chanson (EC EC) 2 -> "alternative rock".
  // nomad plays #1 #8 #13 HS, #2 #18 NF, #7 ZO, #15 AN, #19 EC, #26 WC:
  //   alternative rock = 3 HS + 1 ZO = 4.
  // replayer plays #5 WC, #6 #20 ZO, #11 AN, #12 HS: alternative rock 3.
  personality_favourites: [
    {
      personality: D,
      top_interaction: "played",
      top_interaction_events: 6,
      top_song: "Écoute",
      top_song_artist: "Zaz",
      top_song_plays: 2,
      top_artist: "Zaz",
      top_artist_plays: 2,
      top_genre: "alternative rock",
      top_genre_plays: 2,
    },
    {
      personality: N,
      top_interaction: "played",
      top_interaction_events: 9,
      top_song: "Hunger Strike",
      top_song_artist: "Temple of the Dog",
      top_song_plays: 3,
      top_artist: "Temple of the Dog",
      top_artist_plays: 3,
      top_genre: "alternative rock",
      top_genre_plays: 4,
    },
    {
      personality: R,
      top_interaction: "played",
      top_interaction_events: 5,
      top_song: "Zombie",
      top_song_artist: "The Cranberries",
      top_song_plays: 2,
      top_artist: "The Cranberries",
      top_artist_plays: 2,
      top_genre: "alternative rock",
      top_genre_plays: 3,
    },
  ],
  // length_seconds of the plays: devotee 213+312+180+180+320+306 = 1511;
  // nomad 320+213+306+320+320+245+213+180+312 = 2429, listened the same
  // except #2 (100 s of 213) and #19 (90.5 s of 180): 2226.5 s;
  // replayer 312+306+245+320+306 = 1489.
  listening_time_per_personality: [
    {
      personality: D,
      plays: 6,
      total_minutes: 1511 / 60,
      avg_seconds: 1511 / 6,
      listened_minutes: 1511 / 60,
    },
    {
      personality: N,
      plays: 9,
      total_minutes: 2429 / 60,
      avg_seconds: 2429 / 9,
      listened_minutes: 2226.5 / 60,
    },
    {
      personality: R,
      plays: 5,
      total_minutes: 1489 / 60,
      avg_seconds: 1489 / 5,
      listened_minutes: 1489 / 60,
    },
  ],
};

/**
 * The streaming result: #26 arrives after the watermark (max event time −
 * 1 hour ≥ 10:00Z) passed 05:00Z, so it is dropped from the two windowed
 * tables and only from them.
 */
export const EXPECTED_STREAMING_LOCAL: TableRows = {
  ...EXPECTED_LOCAL,
  day_vs_night_windows: EXPECTED_LOCAL.day_vs_night_windows.filter((row) =>
    row.window_start !== "2025-03-01T00:00:00.000Z"
  ),
  sliding_top_songs: EXPECTED_LOCAL.sliding_top_songs.filter((row) =>
    row.window_start >= "2025-03-01T05:30"
  ),
};

// In UTC every play but #26 (05:00Z, night) falls between 06:00 and 11:59:
// HS #1 #8 #12 #13 #14 = 5, ZO #6 #7 #20 #24 = 4, NF #2 #3 #18 = 3,
// EC #9 #10 #19 = 3, WC #4 #5 = 2, AN #11 #15 = 2.
const UTC_MORNING = [
  { ...HS, plays: 5 },
  { ...ZO, plays: 4 },
  { ...NF, plays: 3 },
  { ...EC, plays: 3 },
  { ...WC, plays: 2 },
  { ...AN, plays: 2 },
];

/** The tables that change with `tz: "utc"` (the others are as local). */
export const EXPECTED_UTC: Pick<
  TableRows,
  "night_top10" | "morning_top10" | "time_of_day" | "day_vs_night_windows"
> = {
  night_top10: [{ ...WC, plays: 1, rank: 1 }],
  morning_top10: UTC_MORNING.map((row, i) => ({ ...row, rank: i + 1 })),
  time_of_day: [
    ...UTC_MORNING.map((row) => ({ time_of_day: "morning", ...row })),
    { time_of_day: "night", ...WC, plays: 1 },
  ],
  day_vs_night_windows: [
    { ...w("00:00", 6), time_of_day: "night", ...WC, plays: 1, rank: 1 },
    ...UTC_MORNING.map((row, i) => ({
      ...w("06:00", 6),
      time_of_day: "morning",
      ...row,
      rank: i + 1,
    })),
  ],
};
