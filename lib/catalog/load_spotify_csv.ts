/**
 * Loads a song catalogue in the Spotify "Top 2000s" CSV format.
 *
 * @module
 */
import { parse } from "csv-parse/sync";
import { CatalogFormatError } from "./catalog_format_error.ts";
import { createCatalog } from "./create_catalog.ts";
import type { Catalog, Song } from "./song.ts";

/** Columns the loader reads (others, such as BPM, are ignored). */
export const SPOTIFY_CSV_COLUMNS = [
  "Title",
  "Artist",
  "Top Genre",
  "Year",
  "Energy",
  "Danceability",
  "Length (Duration)",
  "Popularity",
] as const;

/** Options of {@linkcode parseSpotifyCsv}. */
export interface ParseSpotifyCsvOptions {
  /** Name used in errors and as the catalogue's source. Default `"<csv>"`. */
  source?: string;
}

/**
 * Reads and parses a Spotify "Top 2000s" CSV file (`--catalog PATH`).
 *
 * @param path The CSV file.
 * @returns The catalogue.
 * @throws {CatalogFormatError} A malformed file (line and column named).
 * @throws {Error} The file cannot be read.
 */
export async function loadSpotifyCsv(path: string): Promise<Catalog> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    const reason = error instanceof Deno.errors.NotFound
      ? "no such file"
      : (error as Error).message;
    throw new Error(
      `cannot read catalogue ${JSON.stringify(path)}: ${reason}`,
      {
        cause: error,
      },
    );
  }
  return parseSpotifyCsv(text, { source: path });
}

/**
 * Parses the Spotify "Top 2000s" CSV format: header `Index,Title,Artist,Top
 * Genre,Year,...,Length (Duration),...,Popularity` (columns found by name),
 * an optional UTF-8 BOM, quoted fields with doubled quotes, CRLF or LF.
 *
 * One known quirk is accepted: a few rows of the published file write a
 * length of 1,000 s or more with an unquoted thousands separator
 * (`...,1,412,...`), which splits it into two fields. A row with exactly
 * one extra field whose `Length (Duration)` and next field read as
 * `1–3 digits` + `3 digits` is joined back (`1412`). Any other field-count
 * mismatch, or a value out of range, is an error.
 *
 * @param text The file's contents.
 * @param options Source name for errors.
 * @returns The catalogue.
 * @throws {CatalogFormatError} Naming the line and column of the problem.
 */
export function parseSpotifyCsv(
  text: string,
  options: ParseSpotifyCsvOptions = {},
): Catalog {
  const source = options.source ?? "<csv>";
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof rows;
  } catch (error) {
    const e = error as Error & { lines?: number; column?: number };
    throw new CatalogFormatError(
      source,
      e.lines ?? 1,
      (e.column ?? 0) + 1,
      e.message,
      { cause: error },
    );
  }
  if (rows.length === 0) {
    throw new CatalogFormatError(source, 1, 1, "empty file: no header");
  }
  const header = rows[0].record.map((h) => h.trim());
  const at = new Map<string, number>();
  for (const name of SPOTIFY_CSV_COLUMNS) {
    const i = header.indexOf(name);
    if (i < 0) {
      throw new CatalogFormatError(
        source,
        1,
        header.length + 1,
        `missing column ${JSON.stringify(name)} in the header`,
      );
    }
    at.set(name, i);
  }
  const lengthAt = at.get("Length (Duration)")!;
  const songs: Song[] = [];
  let previousEnd = rows[0].info.lines;
  for (let r = 1; r < rows.length; r++) {
    const { record, info } = rows[r];
    const line = previousEnd + 1;
    previousEnd = info.lines;
    let fields = record;
    if (
      fields.length === header.length + 1 && isSplitThousands(fields, lengthAt)
    ) {
      fields = [
        ...fields.slice(0, lengthAt),
        fields[lengthAt] + fields[lengthAt + 1],
        ...fields.slice(lengthAt + 2),
      ];
    }
    if (fields.length !== header.length) {
      const column = Math.min(fields.length, header.length) + 1;
      throw new CatalogFormatError(
        source,
        line,
        column,
        `expected ${header.length} fields, got ${fields.length}`,
      );
    }
    const field = (name: typeof SPOTIFY_CSV_COLUMNS[number]) => {
      const i = at.get(name)!;
      return { value: fields[i].trim(), column: i + 1 };
    };
    const text = (name: typeof SPOTIFY_CSV_COLUMNS[number]) => {
      const { value, column } = field(name);
      if (value === "") {
        throw new CatalogFormatError(source, line, column, `empty ${name}`);
      }
      return value;
    };
    const integer = (
      name: typeof SPOTIFY_CSV_COLUMNS[number],
      min: number,
      max: number,
    ) => {
      const { value, column } = field(name);
      const n = Number(value);
      if (!/^-?\d+$/.test(value) || n < min || n > max) {
        throw new CatalogFormatError(
          source,
          line,
          column,
          `${name} must be an integer from ${min} to ${max}: got ${
            JSON.stringify(value)
          }`,
        );
      }
      return n;
    };
    songs.push({
      title: text("Title"),
      artist: text("Artist"),
      genre: text("Top Genre"),
      year: integer("Year", 1000, 9999),
      energy: integer("Energy", 0, 100),
      danceability: integer("Danceability", 0, 100),
      lengthSeconds: integer("Length (Duration)", 1, 86_400),
      popularity: integer("Popularity", 0, 100),
    });
  }
  if (songs.length === 0) {
    throw new CatalogFormatError(source, 2, 1, "no songs after the header");
  }
  return createCatalog(songs, { source });
}

/** `1,412` split into `"1"` and `"412"` at the length column. */
function isSplitThousands(fields: string[], lengthAt: number): boolean {
  return /^\d{1,3}$/.test(fields[lengthAt]) &&
    /^\d{3}$/.test(fields[lengthAt + 1]);
}
