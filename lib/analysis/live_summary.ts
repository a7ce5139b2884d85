/**
 * A compact text view of the current tables for a terminal: the night top
 * 5 and each personality's favourites.
 *
 * @module
 */
import Table from "cli-table3";
import { printable } from "../support/mod.ts";
import type { AnalysisTables } from "./assemble_tables.ts";
import type { PersonalityFavouritesRow, TopSongRow } from "./result_tables.ts";

/** Options of {@linkcode liveSummary}. */
export interface LiveSummaryOptions {
  /** Songs of the night top list shown. Default 5. */
  nightTop?: number;
  /** Clock of the time of day, named in the heading. Default `"local"`. */
  tz?: "local" | "utc";
}

function cut(raw: string | null, width: number): string {
  if (raw === null) return "-";
  const text = printable(raw);
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/**
 * Renders the night top songs and the personality favourites as two small
 * tables.
 *
 * @param tables The current tables.
 * @param options How many night songs; the clock named in the heading.
 * @returns Text for a terminal (several lines, no trailing newline).
 */
export function liveSummary(
  tables: AnalysisTables,
  options: LiveSummaryOptions = {},
): string {
  const { nightTop = 5, tz = "local" } = options;
  const night = tables.night_top10.head(nightTop)
    .toRecords() as unknown as TopSongRow[];
  const nightTable = new Table({
    head: ["#", "song", "artist", "plays"],
    style: { head: [], border: [] },
  });
  for (const row of night) {
    nightTable.push([
      row.rank,
      cut(row.song_name, 40),
      cut(row.artist, 28),
      row.plays.toLocaleString("en-US"),
    ]);
  }
  const favourites = tables.personality_favourites
    .toRecords() as unknown as PersonalityFavouritesRow[];
  const favouriteTable = new Table({
    head: ["personality", "interaction", "song", "artist", "genre"],
    style: { head: [], border: [] },
  });
  for (const row of favourites) {
    favouriteTable.push([
      row.personality,
      row.top_interaction,
      cut(row.top_song, 30),
      cut(row.top_artist, 22),
      cut(row.top_genre, 18),
    ]);
  }
  return [
    `Night top ${nightTop} (${
      tz === "local" ? "listeners' local time" : "UTC"
    })`,
    night.length > 0 ? nightTable.toString() : "  (no night plays yet)",
    "Personality favourites",
    favourites.length > 0 ? favouriteTable.toString() : "  (no events yet)",
  ].join("\n");
}
