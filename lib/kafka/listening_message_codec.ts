/**
 * The Kafka message format of a listening event (DESIGN §4.5): key = the
 * personality, partition = its index, value = one Avro binary datum of
 * `music.ListeningHistory` (no container header, readable by any Avro
 * reader), headers = schema fingerprint and version.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { personalityIndex } from "../personalities/mod.ts";
import {
  listeningHistoryType,
  type ListeningRecord,
  SCHEMA_FINGERPRINT,
  SCHEMA_VERSION,
} from "../schema/mod.ts";
import { MessageDecodeError } from "./errors.ts";
import { listeningRecordProblem } from "./listening_record_problem.ts";

/** Header carrying the hex SHA-256 fingerprint of the writer's schema. */
export const SCHEMA_FINGERPRINT_HEADER = "schema-fingerprint";
/** Header carrying the schema version number. */
export const SCHEMA_VERSION_HEADER = "schema-version";

/** Headers of every listening message (one shared, frozen object). */
export const LISTENING_HEADERS: Readonly<Record<string, string>> = Object
  .freeze({
    [SCHEMA_FINGERPRINT_HEADER]: SCHEMA_FINGERPRINT,
    [SCHEMA_VERSION_HEADER]: String(SCHEMA_VERSION),
  });

/** A listening event ready for `producer.send`/`sendBatch`. */
export interface ListeningMessage {
  /** The personality name. */
  key: string;
  /** One Avro binary datum. */
  value: Buffer;
  /** The personality's index (DESIGN §4.2). */
  partition: number;
  /** {@linkcode LISTENING_HEADERS}. */
  headers: Readonly<Record<string, string>>;
}

/** The parts of a consumed Kafka message that decoding looks at. */
export interface KafkaMessageLike {
  /** The value bytes (`null` for a tombstone). */
  value: Buffer | Uint8Array | null;
  /** The headers: wire pairs (as the reader delivers them) or by name. */
  headers?: MessageHeaders;
}

/** Message headers: name/value pairs as on the wire, or an object by name. */
export type MessageHeaders =
  | readonly (readonly [Buffer | null, Buffer | null])[]
  | Readonly<
    Record<
      string,
      Buffer | Uint8Array | string | (Buffer | string)[] | undefined
    >
  >;

let scratch = Buffer.alloc(64 * 1024);

/**
 * Encodes one record as a Kafka message.
 *
 * @param record A valid listening record.
 * @returns Key, value, partition and headers.
 * @throws {RangeError} When the personality is not one of the 16.
 * @throws {Error} From avsc when the record does not match the schema.
 *
 * @example
 * ```ts
 * const message = encodeListeningMessage(record);
 * await producer.send({ topic: DEFAULT_TOPIC, messages: [message] });
 * ```
 */
export function encodeListeningMessage(
  record: ListeningRecord,
): ListeningMessage {
  const partition = personalityIndex(record.personality);
  let end = listeningHistoryType.encode(record, scratch, 0);
  while (end < 0) {
    scratch = Buffer.alloc(scratch.length * 4);
    end = listeningHistoryType.encode(record, scratch, 0);
  }
  const value = Buffer.allocUnsafe(end);
  scratch.copy(value, 0, 0, end);
  return {
    key: record.personality,
    value,
    partition,
    headers: LISTENING_HEADERS,
  };
}

function headerText(headers: MessageHeaders | undefined, name: string) {
  if (Array.isArray(headers)) {
    for (const [key, value] of headers) {
      if (key?.toString() === name) return value?.toString();
    }
    return undefined;
  }
  const raw = (headers as Record<string, unknown> | undefined)?.[name];
  const one = Array.isArray(raw) ? raw[0] : raw;
  return one === undefined || one === null ? undefined : String(
    one instanceof Uint8Array ? Buffer.from(one).toString() : one,
  );
}

/**
 * What is wrong with a message's schema header, or `undefined` when it
 * carries this schema's fingerprint (or none).
 *
 * @param headers The message's headers.
 * @returns The reason, or `undefined`.
 */
export function schemaFingerprintProblem(
  headers: MessageHeaders | undefined,
): string | undefined {
  const fingerprint = headerText(headers, SCHEMA_FINGERPRINT_HEADER);
  if (fingerprint !== undefined && fingerprint !== SCHEMA_FINGERPRINT) {
    return `written with schema fingerprint ${fingerprint}, expected ${SCHEMA_FINGERPRINT}`;
  }
  return undefined;
}

/**
 * Decodes a consumed message's value into a listening record.
 *
 * The record is avsc's instance of the record type (fields as own
 * properties); spread it (`{...record}`) for a plain object.
 *
 * @param message The message (its value and headers).
 * @returns The record.
 * @throws {MessageDecodeError} When the value is missing, was written with
 *   another schema (fingerprint header), is truncated, has trailing bytes
 *   or is not a datum of the schema.
 */
export function decodeListeningMessage(
  message: KafkaMessageLike,
): ListeningRecord {
  const wrongSchema = schemaFingerprintProblem(message.headers);
  if (wrongSchema) throw new MessageDecodeError(wrongSchema);
  const raw = message.value;
  if (raw === null || raw === undefined) {
    throw new MessageDecodeError("the message has no value");
  }
  const value = Buffer.isBuffer(raw)
    ? raw
    : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  let decoded: { value: unknown; offset: number };
  try {
    decoded = listeningHistoryType.decode(value, 0);
  } catch (error) {
    throw new MessageDecodeError(
      `not a music.ListeningHistory datum (${(error as Error).message})`,
      error,
    );
  }
  if (decoded.offset < 0) {
    throw new MessageDecodeError(
      `truncated value (${value.length} bytes end inside a music.ListeningHistory datum)`,
    );
  }
  if (decoded.offset !== value.length) {
    throw new MessageDecodeError(
      `${
        value.length - decoded.offset
      } bytes left after a music.ListeningHistory datum of ${decoded.offset} bytes`,
    );
  }
  const invalid = listeningRecordProblem(decoded.value as ListeningRecord);
  if (invalid) throw new MessageDecodeError(invalid);
  return decoded.value as ListeningRecord;
}
