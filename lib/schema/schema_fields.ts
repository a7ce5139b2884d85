/**
 * The fields of an Avro record schema as a flat list, nested records
 * included (`user_location.city`), for showing the schema as a table.
 *
 * @module
 */
import { LISTENING_HISTORY_SCHEMA } from "./listening_history_type.ts";

/** One row of {@linkcode schemaFields}. */
export interface SchemaField {
  /** Dotted path of the field, e.g. `listening_time.start_time`. */
  field: string;
  /** Its Avro type: a primitive name, or `record <Name>` for a nested record. */
  type: string;
}

interface AvroField {
  name: string;
  type: unknown;
}

function isRecord(
  type: unknown,
): type is { type: "record"; name: string; fields: AvroField[] } {
  return typeof type === "object" && type !== null &&
    (type as { type?: unknown }).type === "record";
}

/**
 * Lists the fields of a record schema, depth first, with dotted paths.
 *
 * @param schema An Avro record schema (default: the listening history's).
 * @returns One row per field; a nested record's row comes before its fields.
 * @throws {TypeError} When `schema` is not a record schema.
 */
export function schemaFields(
  schema: unknown = LISTENING_HISTORY_SCHEMA,
): SchemaField[] {
  if (!isRecord(schema)) {
    throw new TypeError(
      `schema must be an Avro record schema: got ${JSON.stringify(schema)}`,
    );
  }
  const walk = (fields: AvroField[], prefix: string): SchemaField[] =>
    fields.flatMap((f) =>
      isRecord(f.type)
        ? [
          { field: prefix + f.name, type: `record ${f.type.name}` },
          ...walk(f.type.fields, `${prefix}${f.name}.`),
        ]
        : [{ field: prefix + f.name, type: String(f.type) }]
    );
  return walk(schema.fields, "");
}
