/**
 * The listening-history contract: the Avro schema (DESIGN §4.1) and its
 * TypeScript record type.
 *
 * @example Validate a record
 * ```ts
 * import { listeningHistoryType } from "./mod.ts";
 * listeningHistoryType.isValid({});  // false
 * ```
 *
 * @module
 */
export type {
  ListeningPeriod,
  ListeningRecord,
  Location,
} from "./listening_record.ts";
export {
  LISTENING_HISTORY_SCHEMA,
  listeningHistoryType,
  SCHEMA_FINGERPRINT,
  SCHEMA_PATH,
  SCHEMA_VERSION,
} from "./listening_history_type.ts";
export {
  FLAT_COLUMNS,
  flattenListeningRecord,
} from "./flatten_listening_record.ts";
export type {
  FlatColumn,
  FlatListeningRecord,
} from "./flatten_listening_record.ts";
export { schemaFields } from "./schema_fields.ts";
export type { SchemaField } from "./schema_fields.ts";
