/**
 * The queue message format of DESIGN §4.7: the body is base64 of UTF-8 JSON
 * `{"v":1,"personality":…,"count":n,"records":[…]}`.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { PERSONALITY_NAMES } from "../personalities/mod.ts";
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
 * Decodes and checks a message text.
 *
 * @param text The message text as received from the queue.
 * @param expectedPersonality When given, the personality the message must
 *   carry (its queue's).
 * @returns The body.
 * @throws {ForeignMessageError} When the text is not base64 of our JSON, the
 *   version is unknown, `count` disagrees with the records, a record lacks
 *   its id fields, or a personality is wrong.
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
  for (const record of records) {
    if (
      !isObject(record) || typeof record.user_id !== "number" ||
      !isObject(record.listening_time) ||
      typeof record.listening_time.start_time !== "number" ||
      record.personality !== personality
    ) {
      throw new ForeignMessageError(
        "a record lacks user_id/listening_time.start_time or has another personality",
      );
    }
  }
  return body as unknown as QueueMessageBody;
}
