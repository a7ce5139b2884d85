/**
 * One listener's Wrapped as a readable card for the terminal.
 *
 * @module
 */
import { AXES, HIGH_LETTER, LOW_LETTER } from "./infer_personality.ts";
import type { WrappedListener } from "./wrapped_listener.ts";

const number = (n: number, digits = 0) =>
  n.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });

function list<T>(
  title: string,
  items: readonly T[],
  line: (item: T) => string,
): string[] {
  if (items.length === 0) return [`${title}: none`];
  return [`${title}:`, ...items.map((item, i) => `  ${i + 1}. ${line(item)}`)];
}

/**
 * Formats a listener's Wrapped as plain text lines (no colours).
 *
 * @param l The listener's Wrapped.
 * @returns The card, lines joined by `\n`.
 */
export function wrappedCardText(l: WrappedListener): string {
  const fan = l.top_artist_fan_percent === null || !l.top_artists[0] ? [] : [
    `Fan: top ${number(l.top_artist_fan_percent, 1)}% of listeners of ${
      l.top_artists[0].artist
    }`,
  ];
  const age = l.listening_age
    ? [
      `Listening age: ${l.listening_age.age} (you over-index ${
        number(l.listening_age.over_index, 2)
      }x on ${l.listening_age.era_start}-${l.listening_age.era_end})`,
    ]
    : [];
  const scores = AXES.map((axis) =>
    `${axis} ${number(l.axis_scores[axis], axis === "commonality" ? 1 : 3)} (${
      LOW_LETTER[axis]
    }/${HIGH_LETTER[axis]})`
  ).join(", ");
  return [
    `Wrapped of listener ${l.user_id}`,
    `Minutes listened: ${number(l.minutes_listened)} in ${
      number(l.events)
    } events, ${number(l.streams)} streams`,
    `Distinct songs: ${number(l.distinct_songs)}, artists: ${
      number(l.distinct_artists)
    }`,
    ...list(
      "Top songs",
      l.top_songs,
      (s) => `${s.song_name} - ${s.artist} (${number(s.streams)} streams)`,
    ),
    ...list(
      "Top artists",
      l.top_artists,
      (a) => `${a.artist} (${number(a.streams)} streams)`,
    ),
    ...list(
      "Top genres",
      l.top_genres,
      (g) => `${g.genre} (${number(g.streams)} streams)`,
    ),
    ...fan,
    `Busiest day: ${l.busiest_day}; most listened in the ${l.top_time_of_day}`,
    `Longest streak: ${number(l.longest_streak_days)} days`,
    ...age,
    ...list(
      "Music evolution",
      l.music_evolution,
      (p) =>
        `${p.from} to ${p.to}: ${p.top_genre} (${number(p.streams)} streams)`,
    ),
    ...list(
      "Discoveries",
      l.discoveries,
      (d) =>
        `${d.artist}, first streamed ${d.first_streamed} (${
          number(d.streams)
        } streams)`,
    ),
    `Personality: ${l.inferred_personality} (inferred from behaviour; assigned: ${l.personality})`,
    `Axis scores: ${scores}`,
  ].join("\n");
}
