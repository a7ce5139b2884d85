/**
 * The queue message format of DESIGN §4.7: the body is base64 of UTF-8 JSON
 * `{"v":1,"personality":…,"count":n,"records":[…]}`.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { PERSONALITY_NAMES } from "../personalities/mod.ts";
import { listeningHistoryType } from "../schema/mod.ts";
import type { ListeningRecord } from "../schema/mod.ts";

/** Version written in `v`. */
export const MESSAGE_FORMAT_VERSION = 1;

/**
 * Azure's limit on a message: 64 KiB of message text, which here is the
 * base64 body.
 */
export const MAX_MESSAGE_BYTES = 65_536;

/** The decoded JSON of one message. */
export interface QueueMessageBody {
  /** Format version, {@linkcode MESSAGE_FORMAT_VERSION}. */
  v: 1;
  /** The personality every record belongs to. */
  personality: string;
  /** Number of records. */
  count: number;
  /** The records. */
  records: ListeningRecord[];
}

/**
 * A message that is not in our format (another producer's, corrupted, or a
 * record of another personality). Carries why.
 */
export class ForeignMessageError extends Error {
  /** What is wrong with the message. */
  readonly reason: string;
  /** Creates the error. */
  constructor(reason: string, options?: ErrorOptions) {
    super(`not a Wrapped Streams queue message: ${reason}`, options);
    this.name = "ForeignMessageError";
    this.reason = reason;
  }
}

/**
 * Encodes records of one personality as a message text.
 *
 * @param personality The personality of every record.
 * @param records The records.
 * @returns The base64 message text.
 */
export function encodeQueueMessage(
  personality: string,
  records: readonly ListeningRecord[],
): string {
  const body = {
    v: MESSAGE_FORMAT_VERSION,
    personality,
    count: records.length,
    records,
  };
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64");
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const PERSONALITIES = new Set(PERSONALITY_NAMES);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * What is wrong with one record of a message: it must be a complete
 * `music.ListeningHistory` record (every field, of its Avro type, nothing
 * else), of the message's personality, ending no earlier than it starts
 * and with a non-negative length.
 */
function recordProblem(
  record: unknown,
  personality: string,
): string | undefined {
  if (!isObject(record)) return "not an object";
  let first: string | undefined;
  const valid = listeningHistoryType.isValid(record, {
    noUndeclaredFields: true,
    errorHook: (path, value) => {
      const shown = JSON.stringify(value) ?? "missing";
      first ??= `${path.join(".") || "the record"} is ${
        shown.length > 80 ? `${shown.slice(0, 79)}…` : shown
      }`;
    },
  });
  if (!valid) return first ?? "not a listening record";
  const { listening_time: time, length_seconds: length } =
    record as unknown as ListeningRecord;
  if (record.personality !== personality) {
    return `personality ${JSON.stringify(record.personality)}`;
  }
  if (time.end_time < time.start_time) {
    return `end_time ${time.end_time} is before start_time ${time.start_time}`;
  }
  if (length < 0) return `negative length_seconds ${length}`;
  return undefined;
}

/**
 * Decodes and checks a message text.
 *
 * @param text The message text as received from the queue.
 * @param expectedPersonality When given, the personality the message must
 *   carry (its queue's).
 * @returns The body.
 * @throws {ForeignMessageError} When the text is not base64 of our JSON, the
 *   version is unknown, `count` disagrees with the records, a record is
 *   not a complete listening record of the message's personality (Avro
 *   types, `end_time ≥ start_time`, `length_seconds ≥ 0`), or the
 *   personality is another queue's.
 */
export function decodeQueueMessage(
  text: string,
  expectedPersonality?: string,
): QueueMessageBody {
  if (text.length % 4 !== 0 || !BASE64.test(text)) {
    throw new ForeignMessageError("the text is not base64");
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(text, "base64").toString("utf8"));
  } catch (error) {
    throw new ForeignMessageError("the decoded text is not JSON", {
      cause: error,
    });
  }
  if (!isObject(body)) throw new ForeignMessageError("the JSON is no object");
  if (body.v !== MESSAGE_FORMAT_VERSION) {
    throw new ForeignMessageError(
      `unknown format version ${JSON.stringify(body.v)}`,
    );
  }
  const { personality, count, records } = body;
  if (typeof personality !== "string" || !PERSONALITIES.has(personality)) {
    throw new ForeignMessageError(
      `unknown personality ${JSON.stringify(personality)}`,
    );
  }
  if (
    expectedPersonality !== undefined && personality !== expectedPersonality
  ) {
    throw new ForeignMessageError(
      `personality ${JSON.stringify(personality)} in the queue of ${
        JSON.stringify(expectedPersonality)
      }`,
    );
  }
  if (!Array.isArray(records) || count !== records.length) {
    throw new ForeignMessageError(
      `count ${JSON.stringify(count)} does not match the records`,
    );
  }
  records.forEach((record, i) => {
    const problem = recordProblem(record, personality);
    if (problem) {
      throw new ForeignMessageError(`record ${i}: ${problem}`);
    }
  });
  return body as unknown as QueueMessageBody;
}
