/**
 * The Avro type of `schemas/listening_history.avsc`, parsed once.
 *
 * @module
 */
import avro from "avsc";

/** Where the schema file lives: `schemas/listening_history.avsc`. */
export const SCHEMA_PATH: URL = new URL(
  "../../schemas/listening_history.avsc",
  import.meta.url,
);

/** The schema JSON exactly as stored in `schemas/listening_history.avsc`. */
export const LISTENING_HISTORY_SCHEMA: avro.Schema = JSON.parse(
  Deno.readTextFileSync(SCHEMA_PATH),
);

/** The parsed avsc type of `music.ListeningHistory`. */
export const listeningHistoryType: avro.Type = avro.Type.forSchema(
  LISTENING_HISTORY_SCHEMA,
);

/**
 * The schema's fingerprint: hex SHA-256 of its Parsing Canonical Form
 * (Avro specification), carried in Kafka headers.
 */
export const SCHEMA_FINGERPRINT: string = listeningHistoryType
  .fingerprint("sha256")
  .toString("hex");

/** Version of the schema carried in Kafka headers; bump on evolution. */
export const SCHEMA_VERSION = 1;
