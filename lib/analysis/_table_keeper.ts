/**
 * Keeps the result tables of a streaming analysis current, incrementally:
 * each engine sink hands over the rows its query emitted, the rankings are
 * updated from those rows alone, and after the last query of a batch the
 * changed tables are assembled (and written).
 *
 * Why ranking only the emitted rows is exact:
 * - update-mode queries (no window) emit the new totals of the keys a batch
 *   touched, and totals never decrease. A key outside the previous top N of
 *   its group that the batch did not touch is still beaten by those N, so
 *   the new top N is among the previous top N and the emitted rows.
 * - append-mode queries (windows) emit each window once, whole and final,
 *   when the watermark closes it; its ranking never changes afterwards.
 *
 * @module
 */
import pl from "nodejs-polars";
import { type Sink, type SinkBatch } from "../engine/mod.ts";
import {
  type AggregateName,
  AGGREGATES,
  emptyAggregate,
} from "./aggregates.ts";
import { rank, type RankingName, RANKINGS } from "./rankings.ts";
import { TABLE_NAMES, type TableName } from "./result_tables.ts";
import { TimeOfDayTable } from "./_time_of_day_table.ts";
import {
  type AnalysisTables,
  assembleTables,
  type PartName,
  type Rankings,
  shapeTable,
  type TableParts,
  TABLES_OF_PART,
} from "./assemble_tables.ts";

/** What the keeper reports after each batch. */
export interface KeptTables {
  /** The engine batch; -1 once every query is open, before the first batch. */
  batchId: number;
  /** Every table. */
  tables: AnalysisTables;
  /** The tables that changed (all after the first batch). */
  changed: TableName[];
  /** The JSON text of each table whose text changed since it was last asked for. */
  json: () => Partial<Record<TableName, string>>;
}

const WINDOWED: Partial<Record<RankingName, TableName>> = {
  day_vs_night_top: "day_vs_night_windows",
  sliding_top: "sliding_top_songs",
};

/** Closed windows of one windowed table, ranked, in chronological chunks. */
class WindowChunks {
  #frames: pl.DataFrame[] = [];
  #json: string[] = [];
  #lastStart = "";

  constructor(
    readonly table: TableName,
    readonly spec: typeof RANKINGS[RankingName],
  ) {}

  reset(rows: pl.DataFrame): void {
    this.#frames = [];
    this.#json = [];
    this.#lastStart = "";
    this.add(rows);
  }

  add(rows: pl.DataFrame): void {
    if (rows.height === 0) return;
    const ranked = shapeTable(this.table, rank(rows, this.spec));
    const starts = ranked.getColumn("window_start");
    if (String(starts.min()) <= this.#lastStart) {
      // Out of order (never with a monotone watermark): rebuild sorted.
      const all = pl.concat([...this.#frames, ranked], { how: "vertical" })
        .sort(["window_start", ...this.spec.partitionBy.slice(1), "rank"]);
      this.#frames = [all];
      this.#json = [inner(all)];
    } else {
      this.#frames.push(ranked);
      this.#json.push(inner(ranked));
    }
    this.#lastStart = String(starts.max());
    if (this.#frames.length > 32) {
      this.#frames = [pl.concat(this.#frames, { how: "vertical" })];
    }
  }

  frame(empty: pl.DataFrame): pl.DataFrame {
    if (this.#frames.length === 0) return empty;
    if (this.#frames.length > 1) {
      this.#frames = [pl.concat(this.#frames, { how: "vertical" })];
    }
    return this.#frames[0];
  }

  json(): string {
    return `[${this.#json.filter((t) => t !== "").join(",")}]`;
  }
}

/** The rows of a JSON array without its brackets. */
function inner(df: pl.DataFrame): string {
  return df.height === 0 ? "" : toJson(df).slice(1, -1);
}

/** A DataFrame as a JSON array of row objects (polars' serializer). */
export function toJson(df: pl.DataFrame): string {
  return df.writeJSON({ format: "json" }).toString();
}

/** Joins sink reports into table updates. */
export class TableKeeper {
  readonly #aggregates = Object.keys(AGGREGATES) as AggregateName[];
  readonly #parts: TableParts;
  readonly #windows = new Map<RankingName, WindowChunks>();
  readonly #empty: AnalysisTables;
  #tables: AnalysisTables;
  readonly #changed = new Set<PartName>();
  readonly #reported = new Map<number, number>();
  #first = true;
  #opened = 0;
  readonly #timeOfDay = new TimeOfDayTable();
  /** The JSON last handed out per table. */
  readonly #written = new Map<TableName, string>();

  /** @param publish Called after every batch with the changed tables. */
  constructor(readonly publish: (kept: KeptTables) => void | Promise<void>) {
    const aggregate = (name: AggregateName) => emptyAggregate(AGGREGATES[name]);
    const rankings = {} as Rankings;
    for (const name of Object.keys(RANKINGS) as RankingName[]) {
      rankings[name] = rank(
        aggregate(RANKINGS[name].aggregate),
        RANKINGS[name],
      );
      const table = WINDOWED[name];
      if (table) {
        this.#windows.set(name, new WindowChunks(table, RANKINGS[name]));
      }
    }
    this.#parts = {
      rankings,
      time_of_day_songs: aggregate("time_of_day_songs"),
      personality_listening: aggregate("personality_listening"),
    };
    this.#empty = assembleTables(this.#parts);
    this.#tables = this.#empty;
  }

  /** The tables after the last batch. */
  get tables(): AnalysisTables {
    return this.#tables;
  }

  /**
   * The engine sink of one aggregate's query.
   *
   * @param name The aggregate.
   * @returns The sink.
   */
  sinkOf(name: AggregateName): Sink {
    return {
      open: async (_query, table) => {
        this.#take(name, table, true);
        if (++this.#opened === this.#aggregates.length) {
          // Every query restored (or empty): the tables exist from the start.
          await this.#publish(-1);
        }
      },
      write: (batch) => this.#write(name, batch),
    };
  }

  #take(name: AggregateName, input: pl.DataFrame, restore: boolean): void {
    if (!restore && input.height === 0) return;
    const rows = withStrings(input);
    if (name === "time_of_day_songs") {
      if (restore) this.#timeOfDay.reset(rows);
      else this.#timeOfDay.update(rows);
      this.#changed.add(name);
    }
    if (name === "personality_listening") {
      this.#parts[name] = restore
        ? rows
        : upsert(this.#parts[name], rows, AGGREGATES[name].keys);
      this.#changed.add(name);
    }
    for (const ranking of Object.keys(RANKINGS) as RankingName[]) {
      const spec = RANKINGS[ranking];
      if (spec.aggregate !== name) continue;
      const window = this.#windows.get(ranking);
      if (window) {
        if (restore) window.reset(rows);
        else window.add(rows);
      } else if (restore) {
        this.#parts.rankings[ranking] = rank(rows, spec);
      } else {
        const previous = this.#parts.rankings[ranking].drop("rank");
        const keys = [...spec.partitionBy, ...spec.keys];
        const candidates = upsert(
          previous,
          rows.select(...previous.columns),
          keys,
        );
        this.#parts.rankings[ranking] = rank(candidates, spec);
      }
      this.#changed.add(ranking);
    }
  }

  async #write(name: AggregateName, batch: SinkBatch): Promise<void> {
    this.#take(name, batch.rows, false);
    const reported = (this.#reported.get(batch.batchId) ?? 0) + 1;
    if (reported < this.#aggregates.length) {
      this.#reported.set(batch.batchId, reported);
      return;
    }
    this.#reported.delete(batch.batchId);
    await this.#publish(batch.batchId);
  }

  async #publish(batchId: number): Promise<void> {
    const changed = new Set<TableName>(this.#first ? TABLE_NAMES : []);
    for (const part of this.#changed) {
      TABLES_OF_PART[part].forEach((table) => changed.add(table));
    }
    this.#changed.clear();
    this.#first = false;
    for (const [ranking, chunks] of this.#windows) {
      this.#parts.rankings[ranking] = chunks.frame(
        this.#empty[WINDOWED[ranking]!],
      );
    }
    const list = TABLE_NAMES.filter((t) => changed.has(t));
    const fresh = assembleTables(
      this.#parts,
      list.filter((t) => t !== "time_of_day"),
    );
    const tables = {} as AnalysisTables;
    for (const name of TABLE_NAMES) {
      if (name === "time_of_day") {
        // Built as a DataFrame only when someone reads it.
        const timeOfDay = this.#timeOfDay;
        Object.defineProperty(tables, name, {
          enumerable: true,
          get: () => timeOfDay.frame(),
        });
      } else {
        tables[name] = fresh[name] ?? this.#tables[name];
      }
    }
    this.#tables = tables;
    const written = this.#written;
    await this.publish({
      batchId,
      tables,
      changed: list,
      json: () => {
        const json: Partial<Record<TableName, string>> = {};
        for (const name of list) {
          const text = this.#jsonOf(name, tables);
          // A table whose rows did not change keeps its file as it is.
          if (text !== written.get(name)) json[name] = text;
          written.set(name, text);
        }
        return json;
      },
    });
  }

  /**
   * The JSON text of every table as it stands (e.g. written once at the
   * end of a bounded run instead of after every batch).
   */
  json(): Record<TableName, string> {
    const json = {} as Record<TableName, string>;
    for (const name of TABLE_NAMES) {
      json[name] = this.#jsonOf(name, this.#tables);
    }
    return json;
  }

  #jsonOf(name: TableName, tables: AnalysisTables): string {
    const chunks = [...this.#windows.values()].find((w) => w.table === name);
    return chunks
      ? chunks.json()
      : name === "time_of_day"
      ? this.#timeOfDay.json()
      : toJson(tables[name]);
  }
}

/** Casts Categorical columns to String (rankings compare text, not codes). */
function withStrings(df: pl.DataFrame): pl.DataFrame {
  const casts = Object.entries(df.schema as Record<string, pl.DataType>)
    .filter(([, type]) => type.equals(pl.Categorical))
    .map(([name]) => pl.col(name).cast(pl.String));
  return casts.length === 0 ? df : df.withColumns(...casts);
}

/** Replaces the rows of `table` whose keys appear in `rows` by `rows`. */
function upsert(
  table: pl.DataFrame,
  rows: pl.DataFrame,
  keys: readonly string[],
): pl.DataFrame {
  if (table.height === 0) return rows;
  const kept = table.join(rows.select(...keys), { on: [...keys], how: "anti" });
  return pl.concat([kept, rows.select(...table.columns)], { how: "vertical" });
}
