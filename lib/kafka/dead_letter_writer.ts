/**
 * Dead letters: messages that cannot be handled are copied, unchanged, to
 * `<topic>.dlq` with the reason and their origin in headers, so consumption
 * can go on without losing them. A message is dead-lettered once per
 * topic, however many consumer groups read it: the writer reads what the
 * dead-letter topic holds (origin headers) before it writes.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { Producer } from "@platformatic/kafka";
import type { KafkaClient } from "./create_kafka.ts";
import { ensureTopic } from "./ensure_topic.ts";
import { type KafkaReader, openKafkaReader } from "./kafka_reader.ts";
import type { MessageHeaders } from "./listening_message_codec.ts";

/** Header with the reason a message was dead-lettered. */
export const DEAD_LETTER_REASON_HEADER = "dlq-reason";
/** Header with the topic the message came from. */
export const DEAD_LETTER_TOPIC_HEADER = "dlq-source-topic";
/** Header with the partition the message came from. */
export const DEAD_LETTER_PARTITION_HEADER = "dlq-source-partition";
/** Header with the offset the message had. */
export const DEAD_LETTER_OFFSET_HEADER = "dlq-source-offset";

/**
 * The dead-letter topic of a topic.
 *
 * @param topic The source topic.
 * @returns `<topic>.dlq`.
 */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

/** A message that could not be handled, and where it came from. */
export interface DeadLetter {
  /** The source topic. */
  topic: string;
  /** The source partition. */
  partition: number;
  /** The source offset. */
  offset: number | string;
  /** The key as consumed. */
  key: Buffer | Uint8Array | string | null;
  /** The value as consumed. */
  value: Buffer | Uint8Array | string | null;
  /** The headers as consumed. */
  headers?: MessageHeaders;
}

/** Options of {@linkcode createDeadLetterWriter}. */
export interface DeadLetterWriterOptions {
  /** Partitions of a dead-letter topic this writer creates. Default 1. */
  partitions?: number;
}

interface Known {
  reader: KafkaReader;
  origins: Set<string>;
}

const origin = (topic: string, partition: number, offset: number | string) =>
  `${topic}/${partition}@${offset}`;

const bytes = (v: Buffer | Uint8Array | string | null | undefined) =>
  v === null || v === undefined
    ? null
    : typeof v === "string"
    ? Buffer.from(v)
    : Buffer.isBuffer(v)
    ? v
    : Buffer.from(v.buffer, v.byteOffset, v.byteLength);

function headerPairs(
  headers: MessageHeaders | undefined,
): Map<Buffer, Buffer> {
  const out = new Map<Buffer, Buffer>();
  if (Array.isArray(headers)) {
    for (const [k, v] of headers) if (k) out.set(k, v ?? Buffer.alloc(0));
  } else if (headers) {
    for (const [k, v] of Object.entries(headers)) {
      const one = Array.isArray(v) ? v[0] : v;
      if (one !== undefined) out.set(Buffer.from(k), bytes(one)!);
    }
  }
  return out;
}

/** Writes dead letters; see {@linkcode createDeadLetterWriter}. */
export class DeadLetterWriter {
  #client: KafkaClient;
  #options: DeadLetterWriterOptions;
  #producer: Producer | undefined;
  #known = new Map<string, Known>();
  /** Dead letters written by this writer. */
  written = 0;
  /** Dead letters another reader had written already (not written again). */
  alreadyThere = 0;

  /**
   * @param client The cluster.
   * @param options Layout of a dead-letter topic it creates.
   */
  constructor(client: KafkaClient, options: DeadLetterWriterOptions = {}) {
    this.#client = client;
    this.#options = options;
  }

  /**
   * Writes one dead letter to `<topic>.dlq` (creating it when missing)
   * and waits for the broker's acknowledgement — unless that message is
   * there already (another consumer group dead-lettered it).
   *
   * @param letter The message and its origin.
   * @param reason Why it could not be handled.
   * @returns The dead-letter topic.
   */
  async write(letter: DeadLetter, reason: string): Promise<string> {
    const topic = deadLetterTopic(letter.topic);
    const known = await this.#catchUp(topic);
    const key = origin(letter.topic, letter.partition, letter.offset);
    if (known.origins.has(key)) {
      this.alreadyThere++;
      return topic;
    }
    this.#producer ??= new Producer({
      ...this.#client.options,
      idempotent: true,
      acks: -1,
    });
    const headers = headerPairs(letter.headers);
    for (
      const [k, v] of [
        [DEAD_LETTER_REASON_HEADER, reason],
        [DEAD_LETTER_TOPIC_HEADER, letter.topic],
        [DEAD_LETTER_PARTITION_HEADER, String(letter.partition)],
        [DEAD_LETTER_OFFSET_HEADER, String(letter.offset)],
      ]
    ) headers.set(Buffer.from(k), Buffer.from(v));
    try {
      await this.#producer.send({
        messages: [{
          topic,
          key: bytes(letter.key) ?? undefined,
          value: bytes(letter.value) ?? undefined,
          headers,
        }],
      });
    } catch (error) {
      throw this.#client.describeFailure(error);
    }
    known.origins.add(key);
    this.written++;
    return topic;
  }

  /** Closes the producer and the readers of dead-letter topics. */
  async close(): Promise<void> {
    const producer = this.#producer;
    this.#producer = undefined;
    await producer?.close().catch(() => {});
    for (const { reader } of this.#known.values()) await reader.close();
    this.#known.clear();
  }

  /** Reads the dead-letter topic's new messages into the set of origins. */
  async #catchUp(topic: string): Promise<Known> {
    let known = this.#known.get(topic);
    if (!known) {
      const { partitions } = await ensureTopic(this.#client, topic, {
        partitions: this.#options.partitions ?? 1,
      });
      const reader = await openKafkaReader(this.#client, {
        topic,
        assign: new Map(Array.from({ length: partitions }, (_, p) => [p, 0])),
        maxWaitMs: 100,
      });
      known = { reader, origins: new Set() };
      this.#known.set(topic, known);
    }
    const ends = await known.reader.endOffsets();
    while (!reached(known.reader.positions(), ends)) {
      const messages = await known.reader.poll(10_000, 200);
      for (const m of messages) {
        const h = new Map(
          m.headers.map(([k, v]) => [k?.toString(), v?.toString()]),
        );
        known.origins.add(origin(
          h.get(DEAD_LETTER_TOPIC_HEADER) ?? "",
          Number(h.get(DEAD_LETTER_PARTITION_HEADER)),
          h.get(DEAD_LETTER_OFFSET_HEADER) ?? "",
        ));
      }
    }
    return known;
  }
}

function reached(
  positions: Map<number, number>,
  ends: Map<number, number>,
): boolean {
  for (const [p, end] of ends) if ((positions.get(p) ?? 0) < end) return false;
  return true;
}

/**
 * A dead-letter writer. It creates `<topic>.dlq` on first use and
 * connects a producer lazily.
 *
 * @param client The cluster.
 * @param options Layout of a dead-letter topic it creates.
 * @returns The writer; `close()` it when done.
 */
export function createDeadLetterWriter(
  client: KafkaClient,
  options: DeadLetterWriterOptions = {},
): DeadLetterWriter {
  return new DeadLetterWriter(client, options);
}
