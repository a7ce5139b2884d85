/**
 * Dead letters: messages that cannot be handled are copied, unchanged, to
 * `<topic>.dlq` with the reason and their origin in headers, so consumption
 * can go on without losing them.
 *
 * @module
 */
import type { Buffer } from "node:buffer";
import type { IHeaders, Producer } from "kafkajs";
import type { KafkaClient } from "./create_kafka.ts";
import { ensureTopic } from "./ensure_topic.ts";

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
  /** Source topic. */
  topic: string;
  /** Source partition. */
  partition: number;
  /** Source offset. */
  offset: string;
  /** The original key. */
  key: Buffer | Uint8Array | string | null;
  /** The original value. */
  value: Buffer | Uint8Array | string | null;
  /** The original headers (kept, with the dead-letter headers added). */
  headers?: IHeaders;
}

/** Options of {@linkcode createDeadLetterWriter}. */
export interface DeadLetterWriterOptions {
  /** A connected producer to reuse; default: one is connected on first write. */
  producer?: Producer;
  /** Partitions of a dead-letter topic this writer creates. Default 1. */
  partitions?: number;
}

/** Writes dead letters; see {@linkcode createDeadLetterWriter}. */
export class DeadLetterWriter {
  #client: KafkaClient;
  #options: DeadLetterWriterOptions;
  #producer: Producer | undefined;
  #ownProducer = false;
  #ensured = new Set<string>();
  /** Dead letters written (acknowledged by the broker) so far. */
  written = 0;

  /**
   * @param client The cluster.
   * @param options Producer to reuse, partitions of new DLQ topics.
   */
  constructor(client: KafkaClient, options: DeadLetterWriterOptions = {}) {
    this.#client = client;
    this.#options = options;
    this.#producer = options.producer;
  }

  /**
   * Writes one dead letter to `<source topic>.dlq` (creating that topic on
   * first use) and waits for the broker's acknowledgement.
   *
   * @param letter The message and its origin.
   * @param reason Why it could not be handled.
   * @returns The dead-letter topic written to.
   */
  async write(letter: DeadLetter, reason: string): Promise<string> {
    const topic = deadLetterTopic(letter.topic);
    if (!this.#ensured.has(topic)) {
      await ensureTopic(this.#client, topic, {
        partitions: this.#options.partitions ?? 1,
      });
      this.#ensured.add(topic);
    }
    if (!this.#producer) {
      this.#producer = await this.#client.connectProducer();
      this.#ownProducer = true;
    }
    await this.#producer.send({
      topic,
      acks: -1,
      messages: [{
        key: letter.key as Buffer | string | null,
        value: letter.value as Buffer | string | null,
        headers: {
          ...letter.headers,
          [DEAD_LETTER_REASON_HEADER]: reason,
          [DEAD_LETTER_TOPIC_HEADER]: letter.topic,
          [DEAD_LETTER_PARTITION_HEADER]: String(letter.partition),
          [DEAD_LETTER_OFFSET_HEADER]: letter.offset,
        },
      }],
    });
    this.written++;
    return topic;
  }

  /** Disconnects the producer if this writer connected it. */
  async close(): Promise<void> {
    if (this.#ownProducer) await this.#producer?.disconnect();
    this.#producer = undefined;
    this.#ownProducer = false;
  }
}

/**
 * Creates a dead-letter writer.
 *
 * @param client The cluster.
 * @param options A producer to reuse; partitions of new DLQ topics.
 * @returns The writer; `close()` it when done.
 *
 * @example
 * ```ts
 * const dlq = createDeadLetterWriter(client);
 * await dlq.write({ topic, partition, offset, key, value, headers }, "not Avro");
 * await dlq.close();
 * ```
 */
export function createDeadLetterWriter(
  client: KafkaClient,
  options: DeadLetterWriterOptions = {},
): DeadLetterWriter {
  return new DeadLetterWriter(client, options);
}
