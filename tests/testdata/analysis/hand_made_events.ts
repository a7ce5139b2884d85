/**
 * A small hand-made listening history for the analysis tests: 26 events on
 * 2025-03-01 by 9 listeners of 3 personalities in 8 time zones. Events 1–12
 * sit on every local time-of-day boundary (one millisecond before and on
 * it); there are ties in every top-N; event 26 is late: it arrives last but
 * happened at 05:00Z, hours behind the others (06:00–11:30Z).
 *
 * The expected tables are written out by hand in
 * `tests/analysis/hand_made_tables_test.ts`.
 *
 * @module
 */
import type { ListeningRecord } from "../../../lib/schema/mod.ts";

interface Song {
  song_name: string;
  artist: string;
  genre: string;
  length_seconds: number;
  year: number;
}

/** The six songs; names chosen so that byte order matters (`Z` < `a` < `É`). */
export const SONGS = {
  s1: {
    song_name: "Hunger Strike",
    artist: "Temple of the Dog",
    genre: "alternative rock",
    length_seconds: 320,
    year: 1991,
  },
  s2: {
    song_name: "Night Fever",
    artist: "Bee Gees",
    genre: "disco",
    length_seconds: 213,
    year: 1977,
  },
  s3: {
    song_name: "Wind of Change",
    artist: "Scorpions",
    genre: "album rock",
    length_seconds: 312,
    year: 1990,
  },
  s4: {
    song_name: "Zombie",
    artist: "The Cranberries",
    genre: "alternative rock",
    length_seconds: 306,
    year: 1994,
  },
  s5: {
    song_name: "Écoute",
    artist: "Zaz",
    genre: "chanson",
    length_seconds: 180,
    year: 2013,
  },
  s6: {
    song_name: "angel",
    artist: "Massive Attack",
    genre: "trip hop",
    length_seconds: 245,
    year: 1998,
  },
} as const satisfies Record<string, Song>;

interface User {
  personality: string;
  country: string;
  city: string;
  timezone: string;
  latitude: number;
  longitude: number;
}

const N = "The nomad";
const D = "The devotee";
const R = "The replayer";

/** The listeners by id. */
export const USERS: Record<number, User> = {
  1: {
    personality: N,
    country: "Brazil",
    city: "São Paulo",
    timezone: "America/Sao_Paulo",
    latitude: -23.5,
    longitude: -46.625,
  }, // UTC-3
  2: {
    personality: D,
    country: "Russia",
    city: "Moscow",
    timezone: "Europe/Moscow",
    latitude: 55.75,
    longitude: 37.625,
  }, // UTC+3
  3: {
    personality: R,
    country: "Japan",
    city: "Tokyo",
    timezone: "Asia/Tokyo",
    latitude: 35.6875,
    longitude: 139.6875,
  }, // UTC+9
  4: {
    personality: N,
    country: "Tonga",
    city: "Nuku'alofa",
    timezone: "Pacific/Tongatapu",
    latitude: -21.125,
    longitude: -175.25,
  }, // UTC+13
  5: {
    personality: D,
    country: "India",
    city: "Mumbai",
    timezone: "Asia/Kolkata",
    latitude: 19.125,
    longitude: 72.875,
  }, // UTC+5:30
  6: {
    personality: R,
    country: "Nepal",
    city: "Kathmandu",
    timezone: "Asia/Kathmandu",
    latitude: 27.75,
    longitude: 85.375,
  }, // UTC+5:45
  7: {
    personality: N,
    country: "Netherlands",
    city: "Amsterdam",
    timezone: "Europe/Amsterdam",
    latitude: 52.375,
    longitude: 4.875,
  }, // UTC+1
  8: {
    personality: D,
    country: "Brazil",
    city: "São Paulo",
    timezone: "America/Sao_Paulo",
    latitude: -23.5,
    longitude: -46.625,
  }, // UTC-3
  9: {
    personality: N,
    country: "Netherlands",
    city: "Amsterdam",
    timezone: "Europe/Amsterdam",
    latitude: 52.375,
    longitude: 4.875,
  }, // UTC+1
};

function event(
  user: number,
  utc: string,
  interaction: string,
  song: Song,
  listenedMs: number = song.length_seconds * 1000,
): ListeningRecord {
  const { personality, ...location } = USERS[user];
  const start = Date.parse(`2025-03-01T${utc}Z`);
  return {
    user_id: user,
    user_location: location,
    interaction,
    song_name: song.song_name,
    artist: song.artist,
    genre: song.genre,
    year: song.year,
    popularity: 50,
    danceability: 0.5,
    energy: 0.5,
    length_seconds: song.length_seconds,
    listening_time: { start_time: start, end_time: start + listenedMs },
    personality,
  };
}

const { s1, s2, s3, s4, s5, s6 } = SONGS;

/**
 * The events in arrival order. Comments give the local time of day; `#n`
 * is the 1-based position used in the test's hand calculations.
 */
export const HAND_MADE_EVENTS: readonly ListeningRecord[] = [
  event(1, "08:59:59.999", "played", s1), //  #1 05:59:59.999 night
  event(1, "09:00:00.000", "played", s2, 100_000), //  #2 06:00 morning
  event(2, "08:59:59.999", "played", s2), //  #3 11:59:59.999 morning
  event(2, "09:00:00.000", "played", s3), //  #4 12:00 afternoon
  event(3, "08:59:59.999", "played", s3), //  #5 17:59:59.999 afternoon
  event(3, "09:00:00.000", "played", s4), //  #6 18:00 evening
  event(4, "08:59:59.999", "played", s4), //  #7 21:59:59.999 evening
  event(4, "09:00:00.000", "played", s1), //  #8 22:00 night
  event(5, "06:29:59.999", "played", s5), //  #9 11:59:59.999 morning
  event(5, "06:30:00.000", "played", s5), // #10 12:00 afternoon
  event(6, "06:14:59.999", "played", s6), // #11 11:59:59.999 morning
  event(6, "06:15:00.000", "played", s1), // #12 12:00 afternoon
  event(1, "10:00:00.000", "played", s1), // #13 07:00 morning
  event(2, "07:00:00.000", "played", s1), // #14 10:00 morning
  event(7, "07:30:00.000", "played", s6), // #15 08:30 morning
  event(7, "07:45:00.000", "skipped", s2, 10_000), // #16
  event(7, "08:00:00.000", "paused", s3, 60_000), // #17
  event(4, "10:30:00.000", "played", s2), // #18 23:30 night
  event(4, "10:45:00.000", "played", s5, 90_500), // #19 23:45 night
  event(3, "11:00:00.000", "played", s4), // #20 20:00 evening
  event(3, "11:30:00.000", "repeated", s4), // #21
  event(5, "07:00:00.000", "added_to_playlist", s5), // #22
  event(6, "07:00:00.000", "skipped", s6, 5_000), // #23
  event(8, "06:00:00.000", "played", s4), // #24 03:00 night
  event(8, "06:05:00.000", "paused", s4, 30_000), // #25
  event(9, "05:00:00.000", "played", s3), // #26 06:00 morning — late
];
