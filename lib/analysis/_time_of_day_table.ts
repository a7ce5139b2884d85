/**
 * The `time_of_day` table (plays per bucket and song, all songs) kept
 * sorted incrementally: only the songs whose counts changed are re-placed
 * (remove, sort the few, merge), and each row's JSON is cached, instead of
 * sorting and serialising the whole table every batch. Updates are applied
 * when the table is read, so batches nobody reads (a bounded run read at
 * its end) cost only the keeping of their rows.
 *
 * @module
 */
import pl from "nodejs-polars";
import { compareCodePoints } from "./_code_point_order.ts";

interface Entry {
  key: string;
  time_of_day: string;
  song_name: string;
  artist: string;
  plays: number;
  json: string;
}

/** Table order: bucket, plays descending, song, artist (code points). */
function compare(a: Entry, b: Entry): number {
  return compareCodePoints(a.time_of_day, b.time_of_day) ||
    b.plays - a.plays ||
    compareCodePoints(a.song_name, b.song_name) ||
    compareCodePoints(a.artist, b.artist);
}

/** The whole `time_of_day` table, updated from changed rows. */
export class TimeOfDayTable {
  #entries = new Map<string, Entry>();
  #sorted: Entry[] = [];
  #frame?: pl.DataFrame;
  /** Updates not applied yet, oldest first. */
  #pending: pl.DataFrame[] = [];

  /**
   * Replaces the table.
   *
   * @param rows `time_of_day`, `song_name`, `artist`, `plays` rows.
   */
  reset(rows: pl.DataFrame): void {
    this.#entries.clear();
    this.#sorted = [];
    this.#pending = [];
    this.update(rows);
  }

  /**
   * Applies new totals of some (bucket, song) keys.
   *
   * @param rows Rows with the new `plays` of the keys they name.
   */
  update(input: pl.DataFrame): void {
    if (input.height === 0) return;
    this.#pending.push(input);
    this.#frame = undefined;
  }

  /** Applies the pending updates (a key's latest total wins). */
  #apply(): void {
    if (this.#pending.length === 0) return;
    const pending = this.#pending;
    this.#pending = [];
    const input = pending.length === 1
      ? pending[0]
      : pl.concat(pending, { how: "vertical" }).unique({
        subset: ["time_of_day", "song_name", "artist"],
        keep: "last",
        maintainOrder: true,
      });
    // polars sorts the changed rows (natively, in the same order as
    // `compare`); JS only merges them into the kept rows.
    const rows = input.sort({
      by: ["time_of_day", "plays", "song_name", "artist"],
      descending: [false, true, false, false],
    });
    const tod = rows.getColumn("time_of_day").toArray() as string[];
    const songs = rows.getColumn("song_name").toArray() as string[];
    const artists = rows.getColumn("artist").toArray() as string[];
    const plays = rows.getColumn("plays").toArray() as number[];
    const moved: Entry[] = [];
    const changed = new Set<Entry>();
    for (let i = 0; i < tod.length; i++) {
      const key = `${tod[i]}\u0000${songs[i]}\u0000${artists[i]}`;
      let entry = this.#entries.get(key);
      if (!entry) {
        entry = {
          key,
          time_of_day: tod[i],
          song_name: songs[i],
          artist: artists[i],
          plays: 0,
          json: "",
        };
        this.#entries.set(key, entry);
      }
      entry.plays = Number(plays[i]);
      entry.json = `{"time_of_day":${JSON.stringify(entry.time_of_day)},` +
        `"song_name":${JSON.stringify(entry.song_name)},` +
        `"artist":${JSON.stringify(entry.artist)},"plays":${entry.plays}}`;
      changed.add(entry);
      moved.push(entry);
    }
    const kept = this.#sorted.filter((e) => !changed.has(e));
    const merged = new Array<Entry>(kept.length + moved.length);
    let i = 0, j = 0, k = 0;
    while (i < kept.length && j < moved.length) {
      merged[k++] = compare(kept[i], moved[j]) <= 0 ? kept[i++] : moved[j++];
    }
    while (i < kept.length) merged[k++] = kept[i++];
    while (j < moved.length) merged[k++] = moved[j++];
    this.#sorted = merged;
  }

  /** The table as a JSON array of row objects. */
  json(): string {
    this.#apply();
    return `[${this.#sorted.map((e) => e.json).join(",")}]`;
  }

  /** The table as a DataFrame (built on first use after a change). */
  frame(): pl.DataFrame {
    this.#apply();
    if (!this.#frame) {
      const rows = this.#sorted;
      this.#frame = pl.DataFrame([
        pl.Series("time_of_day", rows.map((e) => e.time_of_day), pl.String),
        pl.Series("song_name", rows.map((e) => e.song_name), pl.String),
        pl.Series("artist", rows.map((e) => e.artist), pl.String),
        pl.Series("plays", rows.map((e) => e.plays), pl.Int64),
      ]);
    }
    return this.#frame;
  }
}
