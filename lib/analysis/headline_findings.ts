/**
 * The headline findings of a run, read from its result tables (DESIGN
 * §4.6): each a short sentence built only from table rows, so the demo's
 * printed summary and notebook 03 always match the tables.
 *
 * @module
 */
import type { TableRows } from "./result_tables.ts";

/** One finding: a label and its sentence. */
export interface Finding {
  /** Short label, e.g. `"night top song"`. */
  label: string;
  /** The sentence. */
  text: string;
}

function plural(count: number, word: string): string {
  return `${count.toLocaleString("en-US")} ${word}${count === 1 ? "" : "s"}`;
}

/**
 * Builds the findings from the result tables. A finding whose table is
 * empty is left out.
 *
 * @param tables Rows of every result table.
 * @returns The findings, in a fixed order.
 */
export function headlineFindings(tables: TableRows): Finding[] {
  const findings: Finding[] = [];
  const night = tables.night_top10.find((row) => row.rank === 1);
  if (night) {
    findings.push({
      label: "night top song",
      text: `"${night.song_name}" by ${night.artist}, ${
        plural(night.plays, "play")
      } between 22:00 and 05:59 local time`,
    });
  }
  const morning = tables.morning_top10.find((row) => row.rank === 1);
  if (morning) {
    findings.push({
      label: "morning top song",
      text: `"${morning.song_name}" by ${morning.artist}, ${
        plural(morning.plays, "play")
      } between 06:00 and 11:59 local time`,
    });
  }
  const firsts = new Map<string, number>();
  for (const row of tables.top_countries_per_personality) {
    if (row.rank === 1) {
      firsts.set(row.country, (firsts.get(row.country) ?? 0) + 1);
    }
  }
  const leader =
    [...firsts].sort((a, b) =>
      b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)
    )[0];
  if (leader) {
    const artist = tables.top_artist_per_country.find((row) =>
      row.country === leader[0]
    );
    findings.push({
      label: "top country",
      text: `${leader[0]} is the top country of ${leader[1]} of ${
        tables.listening_time_per_personality.length || 16
      } personalities${
        artist
          ? `; its top artist is ${artist.artist} (${
            plural(artist.events, "event")
          })`
          : ""
      }`,
    });
  }
  const longest =
    [...tables.listening_time_per_personality].sort((a, b) =>
      b.listened_minutes - a.listened_minutes ||
      (a.personality < b.personality ? -1 : 1)
    )[0];
  if (longest) {
    findings.push({
      label: "most listening",
      text: `${longest.personality}: ${
        Math.round(longest.listened_minutes).toLocaleString("en-US")
      } minutes listened over ${plural(longest.plays, "play")}`,
    });
  }
  const peak =
    [...tables.sliding_top_songs].sort((a, b) =>
      b.plays - a.plays || (a.window_start < b.window_start ? -1 : 1)
    )[0];
  if (peak) {
    findings.push({
      label: "busiest hour window",
      text: `"${peak.song_name}" by ${peak.artist} with ${
        plural(peak.plays, "play")
      } in the hour from ${peak.window_start}`,
    });
  }
  return findings;
}
