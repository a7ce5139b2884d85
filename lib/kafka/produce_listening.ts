/**
 * Publishing listening records: encoded per DESIGN §4.5, sent in large
 * batches with an idempotent producer and acks from all in-sync replicas,
 * several batches in flight, optionally paced; counts only what the broker
 * acknowledged.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { type MessageToProduce, Producer } from "@platformatic/kafka";
import type { ListeningRecord } from "../schema/mod.ts";
import type { KafkaClient } from "./create_kafka.ts";
import { assertTopicLayout, DEFAULT_TOPIC } from "./ensure_topic.ts";
import { ProduceFailedError } from "./errors.ts";
import {
  encodeListeningMessage,
  LISTENING_HEADERS,
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
  /** Records per produce request of one lane. Default 10,000. */
  batchSize?: number;
  /**
   * Independent idempotent producers, each owning the partitions
   * `p % lanes` and keeping one request in flight, so one encodes while
   * another waits for its acknowledgement. Per-partition order is kept
   * (one request in flight per partition: with more, kafkajs may put
   * concurrent batches on the wire out of order). Default 2.
   */
  lanes?: number;
  /** When each record is due; default: as fast as possible. */
  pacer?: Pacer;
  /** Stop reading when aborted; what was read is still sent and awaited. */
  signal?: AbortSignal;
  /** Called after every acknowledged batch. */
  onProgress?: (progress: ProduceProgress) => void;
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

const HEADERS = new Map(
  Object.entries(LISTENING_HEADERS).map(([k, v]) => [
    Buffer.from(k),
    Buffer.from(v),
  ]),
);
const KEYS = new Map<string, Buffer>();
const keyBytes = (key: string) => {
  let bytes = KEYS.get(key);
  if (!bytes) KEYS.set(key, bytes = Buffer.from(key));
  return bytes;
};

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

/** One producer with its pending messages and the request in flight. */
interface Lane {
  producer: Producer;
  pending: MessageToProduce[];
  pendingBytes: number;
  inFlight: Promise<void> | undefined;
}

function positive(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer: got ${value}`);
  }
}

/**
 * Publishes records to the topic, in source order within each partition.
 *
 * @param client The cluster.
 * @param records The records (or arrays of them).
 * @param options Topic, batching, lanes, pacing, cancellation, progress.
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
 * const summary = await produceListening(createKafka(), readAvroFile(path));
 * ```
 */
export async function produceListening(
  client: KafkaClient,
  records: RecordSource,
  options: ProduceListeningOptions = {},
): Promise<ProduceSummary> {
  const {
    topic = DEFAULT_TOPIC,
    batchSize = 10_000,
    lanes: laneCount = 2,
    pacer,
    signal,
    onProgress,
    checkTopic = true,
  } = options;
  positive("batchSize", batchSize);
  positive("lanes", laneCount);
  if (checkTopic) {
    await client.withAdmin((admin) => assertTopicLayout(admin, topic));
  }
  const lanes: Lane[] = [];
  try {
    for (let i = 0; i < laneCount; i++) {
      lanes.push({
        producer: new Producer({
          ...client.options,
          idempotent: true,
          acks: -1,
          autocreateTopics: false,
        }),
        pending: [],
        pendingBytes: 0,
        inFlight: undefined,
      });
    }
  } catch (error) {
    await Promise.all(lanes.map((l) => l.producer.close()));
    throw error;
  }
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

  const flush = async (lane: Lane) => {
    if (lane.pending.length === 0) return;
    await lane.inFlight;
    if (failure !== undefined) return;
    const messages = lane.pending;
    const bytes = lane.pendingBytes;
    lane.pending = [];
    lane.pendingBytes = 0;
    lane.inFlight = lane.producer
      .send({ messages })
      .then(() => {
        summary.acked += messages.length;
        summary.bytes += bytes;
        summary.batches++;
        onProgress?.({ acked: summary.acked, bytes: summary.bytes, read });
      }, (error) => {
        failure ??= error;
      });
  };
  const flushAll = () => Promise.all(lanes.map(flush));
  const drain = () => Promise.all(lanes.map((lane) => lane.inFlight));

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
              await flushAll();
              await sleep(wait, signal);
              if (signal?.aborted) {
                summary.stoppedBy = "signal";
                break outer;
              }
            }
          }
          const message = encodeListeningMessage(record);
          const lane = lanes[message.partition % laneCount];
          lane.pending.push({
            topic,
            partition: message.partition,
            key: keyBytes(message.key),
            value: message.value,
            headers: HEADERS,
          });
          lane.pendingBytes += message.value.length;
          read++;
          if (lane.pending.length >= batchSize) await flush(lane);
        }
      }
    } catch (error) {
      sourceError = error;
    }
    await flushAll();
    await drain();
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
    await drain();
    await Promise.all(
      lanes.map((lane) => lane.producer.close().catch(() => {})),
    );
  }
}
