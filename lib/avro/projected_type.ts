/**
 * Avro reader schemas that keep only the fields behind the needed columns,
 * so that schema resolution skips the rest without building their values.
 *
 * @module
 */
import avro from "avsc";

interface RecordSchema {
  type: "record";
  name: string;
  namespace?: string;
  fields: { name: string; type: unknown }[];
}

function isRecord(node: unknown): node is RecordSchema {
  return typeof node === "object" && node !== null &&
    (node as RecordSchema).type === "record";
}

/**
 * A reader type with only the fields on the given columns' paths.
 *
 * @param type The full (writer) type.
 * @param columns The columns to keep (only their `path` is read).
 * @returns The projected type; `type` itself when nothing can be dropped.
 */
export function projectedType(
  type: avro.Type,
  columns: readonly { readonly path: readonly string[] }[],
): avro.Type {
  const paths = columns.map((c) => c.path);
  let dropped = false;
  const project = (node: unknown, prefix: string[]): unknown => {
    if (!isRecord(node)) return node;
    const fields = node.fields.flatMap((field) => {
      const path = [...prefix, field.name];
      const needed = paths.some((p) =>
        p.length >= path.length && path.every((part, i) => p[i] === part)
      );
      if (!needed) {
        dropped = true;
        return [];
      }
      return [{ ...field, type: project(field.type, path) }];
    });
    return { ...node, fields };
  };
  const schema = project(type.schema(), []);
  return dropped ? avro.Type.forSchema(schema as avro.Schema) : type;
}
