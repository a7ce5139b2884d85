/**
 * Publishing listening records: encoded per DESIGN §4.5, sent in large
 * batches with an idempotent producer and acks from all in-sync replicas,
 * several batches in flight, optionally paced; counts only what the broker
 * acknowledged.
 *
 * @module
 */
import type { Producer } from "kafkajs";
import type { ListeningRecord } from "../schema/mod.ts";
import type { KafkaClient } from "./create_kafka.ts";
import { assertTopicLayout, DEFAULT_TOPIC } from "./ensure_topic.ts";
import { ProduceFailedError } from "./errors.ts";
import {
  encodeListeningMessage,
  type ListeningMessage,
} from "./listening_message_codec.ts";
import type { Pacer } from "./pacers.ts";

/** Records, one by one or in arrays (e.g. an Avro file's blocks). */
export type RecordSource =
  | AsyncIterable<ListeningRecord | readonly ListeningRecord[]>
  | Iterable<ListeningRecord | readonly ListeningRecord[]>;

/** Progress after each acknowledged batch. */
export interface ProduceProgress {
  /** Records acknowledged so far. */
  acked: number;
  /** Value bytes acknowledged so far. */
  bytes: number;
  /** Records read from the source so far (acknowledged or not). */
  read: number;
}

/** Options of {@linkcode produceListening}. */
export interface ProduceListeningOptions {
  /** The topic (must exist with 16 partitions). Default {@linkcode DEFAULT_TOPIC}. */
  topic?: string;
  /** Records per `sendBatch` request. Default 5,000. */
  batchSize?: number;
  /**
   * `sendBatch` requests outstanding at once. Default 1: the next batch is
   * encoded while one is in flight. Above 1, kafkajs may put concurrent
   * batches on the wire in another order than sent, so records of
   * different batches can be reordered within a partition.
   */
  maxInFlight?: number;
  /** When each record is due; default: as fast as possible. */
  pacer?: Pacer;
  /** Stop reading when aborted; what was read is still sent and awaited. */
  signal?: AbortSignal;
  /** Called after every acknowledged batch. */
  onProgress?: (progress: ProduceProgress) => void;
  /** A connected producer to use; default: an idempotent one for the run. */
  producer?: Producer;
  /** Check the topic's layout first. Default `true`. */
  checkTopic?: boolean;
}

/** What {@linkcode produceListening} sent. */
export interface ProduceSummary {
  /** The topic. */
  topic: string;
  /** Records acknowledged by the broker. */
  acked: number;
  /** Value bytes acknowledged. */
  bytes: number;
  /** Batches acknowledged. */
  batches: number;
  /** Wall time of the run, in ms. */
  durationMs: number;
  /** `"end"` (source exhausted) or `"signal"` (aborted). */
  stoppedBy: "end" | "signal";
}

/** Records due within this many ms are sent with the current batch. */
const LINGER_MS = 5;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Publishes records to the topic in source order.
 *
 * @param client The cluster.
 * @param records The records (or arrays of them).
 * @param options Topic, batching, pacing, cancellation, progress.
 * @returns What the broker acknowledged.
 * @throws {TopicLayoutError} When the topic is missing or not 16 partitions.
 * @throws {BrokerUnreachableError} When no broker answers.
 * @throws {ProduceFailedError} When a batch is not acknowledged (with the
 *   count that was).
 * @throws What the source throws, after the records read before it were
 *   sent and acknowledged (`onProgress` has the count).
 *
 * @example Replay a file
 * ```ts
 * const summary = await produceListening(createKafka(), readAvroFile(path).blocks()
 *   .map((b) => b.records));
 * ```
 */
export async function produceListening(
  client: KafkaClient,
  records: RecordSource,
  options: ProduceListeningOptions = {},
): Promise<ProduceSummary> {
  const {
    topic = DEFAULT_TOPIC,
    batchSize = 5_000,
    maxInFlight = 1,
    pacer,
    signal,
    onProgress,
    checkTopic = true,
  } = options;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new RangeError(
      `batchSize must be a positive integer: got ${batchSize}`,
    );
  }
  if (!Number.isSafeInteger(maxInFlight) || maxInFlight < 1) {
    throw new RangeError(
      `maxInFlight must be a positive integer: got ${maxInFlight}`,
    );
  }
  if (checkTopic) {
    await client.withAdmin((admin) => assertTopicLayout(admin, topic));
  }
  const producer = options.producer ?? await client.connectProducer();
  const started = performance.now();
  const summary: ProduceSummary = {
    topic,
    acked: 0,
    bytes: 0,
    batches: 0,
    durationMs: 0,
    stoppedBy: "end",
  };
  let read = 0;
  let failure: unknown;
  const inFlight = new Set<Promise<void>>();
  let pending: ListeningMessage[] = [];
  let pendingBytes = 0;

  const flush = async () => {
    if (pending.length === 0) return;
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    if (failure !== undefined) return;
    const messages = pending;
    const bytes = pendingBytes;
    pending = [];
    pendingBytes = 0;
    const request: Promise<void> = producer
      .sendBatch({ acks: -1, topicMessages: [{ topic, messages }] })
      .then(() => {
        summary.acked += messages.length;
        summary.bytes += bytes;
        summary.batches++;
        onProgress?.({ acked: summary.acked, bytes: summary.bytes, read });
      }, (error) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  };

  try {
    // A failing source (e.g. a corrupt file block) still gets everything
    // read before the failure sent and acknowledged before it is rethrown.
    let sourceError: unknown;
    try {
      outer: for await (const item of records) {
        const chunk = Array.isArray(item)
          ? item as readonly ListeningRecord[]
          : [item as ListeningRecord];
        for (const record of chunk) {
          if (signal?.aborted) {
            summary.stoppedBy = "signal";
            break outer;
          }
          if (failure !== undefined) break outer;
          if (pacer) {
            const wait = started + pacer(record, read) - performance.now();
            if (wait > LINGER_MS) {
              await flush();
              await sleep(wait, signal);
              if (signal?.aborted) {
                summary.stoppedBy = "signal";
                break outer;
              }
            }
          }
          const message = encodeListeningMessage(record);
          pending.push(message);
          pendingBytes += message.value.length;
          read++;
          if (pending.length >= batchSize) await flush();
        }
      }
    } catch (error) {
      sourceError = error;
    }
    await flush();
    while (inFlight.size > 0) await Promise.race(inFlight);
    if (sourceError !== undefined && failure === undefined) throw sourceError;
    if (failure !== undefined) {
      throw new ProduceFailedError(
        topic,
        summary.acked,
        client.describeFailure(failure),
      );
    }
    summary.durationMs = performance.now() - started;
    return summary;
  } finally {
    while (inFlight.size > 0) await Promise.race(inFlight);
    if (!options.producer) await producer.disconnect().catch(() => {});
  }
}
