/**
 * Packs records into as few queue messages as fit the 64 KiB limit (or one
 * record per message, like the original).
 *
 * @module
 */
import { Buffer } from "node:buffer";
import type { ListeningRecord } from "../schema/mod.ts";
import { MAX_MESSAGE_BYTES, MESSAGE_FORMAT_VERSION } from "./queue_message.ts";
import { recordId } from "./record_id.ts";

/** One message ready to send. */
export interface PackedMessage {
  /** The base64 message text. */
  text: string;
  /** Records it holds. */
  count: number;
}

/** Options of {@linkcode packRecords}. */
export interface PackRecordsOptions {
  /** One record per message instead of packing. Default `false`. */
  perRecord?: boolean;
  /**
   * Limit of a message text (base64) in bytes. Default 65,536 (Azure's
   * 64 KiB).
   */
  maxMessageBytes?: number;
}

function digits(n: number): number {
  return n < 10 ? 1 : Math.floor(Math.log10(n)) + 1;
}

/**
 * Splits records of one personality into messages of DESIGN §4.7's format,
 * each at most `maxMessageBytes` once base64-encoded, in input order.
 *
 * @param personality The personality of every record.
 * @param records The records.
 * @param options Per-record mode and the size limit.
 * @returns The messages.
 * @throws {RangeError} When a record has another personality, or one record
 *   alone does not fit a message.
 */
export function packRecords(
  personality: string,
  records: readonly ListeningRecord[],
  options: PackRecordsOptions = {},
): PackedMessage[] {
  const { perRecord = false, maxMessageBytes = MAX_MESSAGE_BYTES } = options;
  if (!Number.isInteger(maxMessageBytes) || maxMessageBytes < 64) {
    throw new RangeError(
      `maxMessageBytes must be an integer ≥ 64: got ${maxMessageBytes}`,
    );
  }
  // base64 turns every 3 bytes into 4 characters.
  const maxJsonBytes = Math.floor(maxMessageBytes / 4) * 3;
  const head = `{"v":${MESSAGE_FORMAT_VERSION},"personality":${
    JSON.stringify(personality)
  },"count":`;
  const middle = `,"records":[`;
  const tail = `]}`;
  const fixedBytes = Buffer.byteLength(head + middle + tail, "utf8");
  const messages: PackedMessage[] = [];
  let parts: string[] = [];
  let partBytes = 0;
  const flush = () => {
    if (parts.length === 0) return;
    const json = head + parts.length + middle + parts.join(",") + tail;
    messages.push({
      text: Buffer.from(json, "utf8").toString("base64"),
      count: parts.length,
    });
    parts = [];
    partBytes = 0;
  };
  const sizeWith = (count: number, bytes: number) =>
    fixedBytes + digits(count) + bytes + (count - 1);
  for (const record of records) {
    if (record.personality !== personality) {
      throw new RangeError(
        `record ${recordId(record)} has personality ${
          JSON.stringify(record.personality)
        }, not ${JSON.stringify(personality)}`,
      );
    }
    const json = JSON.stringify(record);
    const bytes = Buffer.byteLength(json, "utf8");
    if (sizeWith(1, bytes) > maxJsonBytes) {
      throw new RangeError(
        `record ${recordId(record)} is too large for one message: ${
          sizeWith(1, bytes)
        } bytes of JSON > ${maxJsonBytes} (${maxMessageBytes} bytes as base64)`,
      );
    }
    if (
      parts.length > 0 &&
      (perRecord ||
        sizeWith(parts.length + 1, partBytes + bytes) > maxJsonBytes)
    ) {
      flush();
    }
    parts.push(json);
    partBytes += bytes;
  }
  flush();
  return messages;
}
