/**
 * Column layouts: how decoded records (nested objects) become the flat,
 * typed columns of one polars DataFrame per micro-batch.
 *
 * @module
 */
import type avro from "avsc";

/** The type of a column, as it arrives in polars. */
export type ColumnType =
  | "string"
  | "int32"
  | "int64"
  | "float32"
  | "float64"
  | "boolean";

/** One flat column taken from a (possibly nested) record field. */
export interface ColumnSpec {
  /** Column name in the DataFrame, e.g. `"start_time"`. */
  readonly name: string;
  /** Property path in the record, e.g. `["listening_time", "start_time"]`. */
  readonly path: readonly string[];
  /**
   * Value type. `"string"` columns arrive as polars `Categorical`
   * (dictionary-encoded, compare with plain strings); results turn them
   * back into strings.
   */
  readonly type: ColumnType;
}

const AVRO_TYPES: Readonly<Record<string, ColumnType>> = {
  string: "string",
  enum: "string",
  int: "int32",
  long: "int64",
  float: "float32",
  double: "float64",
  boolean: "boolean",
};

interface AvroField {
  name: string;
  type: unknown;
}

/**
 * Flattens an Avro record schema into columns. Nested records contribute
 * their leaf fields; a leaf keeps its own name (`start_time`) unless two
 * leaves share it, then the path is joined with `_`
 * (`listening_time_start_time`).
 *
 * @param schema An Avro record schema (JSON) or an avsc type.
 * @returns The columns, in schema order.
 * @throws {TypeError} For field types other than records and primitives
 *   (arrays, maps, unions).
 */
export function columnsFromAvroSchema(
  schema: avro.Schema | avro.Type,
): ColumnSpec[] {
  const json = typeof (schema as avro.Type).schema === "function"
    ? (schema as avro.Type).schema()
    : schema;
  const leaves: { path: string[]; type: ColumnType }[] = [];
  const visit = (node: unknown, path: string[]): void => {
    const record = node as { type?: unknown; fields?: AvroField[] };
    if (typeof node === "object" && node && record.type === "record") {
      for (const field of record.fields ?? []) {
        visit(field.type, [...path, field.name]);
      }
      return;
    }
    const name = typeof node === "string"
      ? node
      : (node as { type?: unknown })?.type;
    const type = typeof name === "string" ? AVRO_TYPES[name] : undefined;
    if (!type) {
      throw new TypeError(
        `field ${path.join(".")} has an Avro type the engine cannot flatten ` +
          `into a column: ${JSON.stringify(node)}`,
      );
    }
    leaves.push({ path, type });
  };
  visit(json, []);
  const counts = new Map<string, number>();
  for (const leaf of leaves) {
    const leafName = leaf.path[leaf.path.length - 1];
    counts.set(leafName, (counts.get(leafName) ?? 0) + 1);
  }
  return leaves.map((leaf) => {
    const leafName = leaf.path[leaf.path.length - 1];
    return {
      name: counts.get(leafName)! > 1 ? leaf.path.join("_") : leafName,
      path: leaf.path,
      type: leaf.type,
    };
  });
}
