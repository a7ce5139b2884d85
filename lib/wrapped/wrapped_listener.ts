/**
 * One listener's Wrapped (DESIGN §4.8): the shape of each object of
 * `wrapped.json`.
 *
 * @module
 */
import type { TimeOfDay } from "../analysis/mod.ts";

/** An entry of `top_songs`. */
export interface TopSong {
  /** Title. */
  song_name: string;
  /** Artist. */
  artist: string;
  /** Streams of the song. */
  streams: number;
}

/** An entry of `top_artists`. */
export interface TopArtist {
  /** Artist. */
  artist: string;
  /** Streams of the artist's songs. */
  streams: number;
}

/** An entry of `top_genres`. */
export interface TopGenre {
  /** Genre. */
  genre: string;
  /** Streams of songs of the genre. */
  streams: number;
}

/** The four axis metrics (see `lib/generator/personality_metrics.ts`). */
export interface AxisScores {
  /** Among events of songs new to the listener, the share by an artist already heard. */
  familiarity: number;
  /** Share of events of songs in the catalogue's most recent quarter by release year. */
  newness: number;
  /** Share of events of songs the listener had already heard. */
  loyalty: number;
  /** Mean popularity (0–100) of the events' songs. */
  commonality: number;
}

/**
 * The release era the listener over-indexes on compared with everyone,
 * read as an age (Spotify's 2025 "listening age").
 */
export interface ListeningAge {
  /** `reference year − middle of the era + 18`: as if the era were the listener's 18th year. */
  age: number;
  /** First release year of the 5-year era. */
  era_start: number;
  /** Last release year of the era. */
  era_end: number;
  /** The listener's share of streams in the era ÷ everyone's share. */
  over_index: number;
}

/** One phase of the year (Wrapped 2024's "music evolution"). */
export interface EvolutionPhase {
  /** First local month, `YYYY-MM`. */
  from: string;
  /** Last local month, `YYYY-MM`. */
  to: string;
  /** The genre with most streams in the phase (ties: name ascending). */
  top_genre: string;
  /** Streams in the phase. */
  streams: number;
}

/** An artist first streamed after the listener's first four weeks who became a favourite. */
export interface Discovery {
  /** Artist. */
  artist: string;
  /** Streams of the artist. */
  streams: number;
  /** Local date of the first stream, `YYYY-MM-DD`. */
  first_streamed: string;
}

/** One listener's Wrapped. */
export interface WrappedListener {
  /** As in the records. */
  user_id: number;
  /** The assigned personality, as in the records. */
  personality: string;
  /** Events (all interactions). */
  events: number;
  /** Σ (end − start) / 60,000 over all events, unrounded. */
  minutes_listened: number;
  /** Events of at least 30 s. */
  streams: number;
  /** Distinct (song_name, artist) over streams. */
  distinct_songs: number;
  /** Distinct artists over streams. */
  distinct_artists: number;
  /** Up to 5, most streams first, then song_name, artist ascending. */
  top_songs: TopSong[];
  /** Up to 5, most streams first, then artist ascending. */
  top_artists: TopArtist[];
  /** Up to 5, most streams first, then genre ascending. */
  top_genres: TopGenre[];
  /** 100 × r / N for the first top artist; `null` without streams. */
  top_artist_fan_percent: number | null;
  /** Local date with the most minutes (ties: the earliest). */
  busiest_day: string;
  /** Part of the day with the most minutes (ties: night, morning, afternoon, evening). */
  top_time_of_day: TimeOfDay;
  /** Longest run of consecutive local dates with a stream; 0 without streams. */
  longest_streak_days: number;
  /** The personality inferred from behaviour (DESIGN §4.2 name). */
  inferred_personality: string;
  /** The four metric values behind the inference. */
  axis_scores: AxisScores;
  /** Listening age; `null` without streams. */
  listening_age: ListeningAge | null;
  /** Up to three phases of the period; empty without streams. */
  music_evolution: EvolutionPhase[];
  /** Up to 5 discoveries, most streams first, then artist ascending. */
  discoveries: Discovery[];
}
