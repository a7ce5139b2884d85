/**
 * The reference of `deno task bench kafka`: the kafkajs 2.2.4 producer this
 * project used before `@platformatic/kafka` (two lanes of idempotent
 * producers, acks=all), kept only to measure against in the same run.
 *
 * @module
 */
import {
  Kafka,
  type KafkaConfig,
  logLevel as kafkaLogLevel,
  type Producer,
  type SASLOptions,
} from "kafkajs";
import {
  assertTopicLayout,
  DEFAULT_TOPIC,
  encodeListeningMessage,
  type KafkaClient,
  type ListeningMessage,
  ProduceFailedError,
  type ProduceListeningOptions,
  type ProduceSummary,
  type RecordSource,
  retryForDeadline,
} from "../lib/kafka/mod.ts";
import type { ListeningRecord } from "../lib/schema/mod.ts";
import { quietTimeoutNegativeWarning } from "./_quiet_timeout_warning.ts";

const LINGER_MS = 5;

const LOG_LEVELS = {
  nothing: kafkaLogLevel.NOTHING,
  error: kafkaLogLevel.ERROR,
  warn: kafkaLogLevel.WARN,
  info: kafkaLogLevel.INFO,
  debug: kafkaLogLevel.DEBUG,
} as const;

/** A kafkajs client with the project's connection settings. */
function kafkajsFor(client: KafkaClient): Kafka {
  quietTimeoutNegativeWarning();
  const { config } = client;
  const kafkaConfig: KafkaConfig = {
    clientId: config.clientId,
    brokers: [...config.brokers],
    connectionTimeout: Math.min(3_000, config.connectTimeoutMs),
    requestTimeout: 30_000,
    retry: retryForDeadline(config.connectTimeoutMs),
    logLevel: LOG_LEVELS[config.logLevel],
  };
  if (config.ssl) kafkaConfig.ssl = config.ssl;
  if (config.sasl) kafkaConfig.sasl = config.sasl as SASLOptions;
  return new Kafka(kafkaConfig);
}

/** A connected idempotent kafkajs producer (the setup used before). */
async function connectKafkajsProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 5,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  return producer;
}

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
  pending: ListeningMessage[];
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
export async function produceWithKafkajs(
  client: KafkaClient,
  records: RecordSource,
  options: ProduceListeningOptions = {},
): Promise<ProduceSummary> {
  const {
    topic = DEFAULT_TOPIC,
    batchSize = 2_000,
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
  const kafka = kafkajsFor(client);
  const lanes: Lane[] = [];
  try {
    for (let i = 0; i < laneCount; i++) {
      lanes.push({
        producer: await connectKafkajsProducer(kafka),
        pending: [],
        pendingBytes: 0,
        inFlight: undefined,
      });
    }
  } catch (error) {
    await Promise.all(lanes.map((l) => l.producer.disconnect()));
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
      .sendBatch({ acks: -1, topicMessages: [{ topic, messages }] })
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
          lane.pending.push(message);
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
      lanes.map((lane) => lane.producer.disconnect().catch(() => {})),
    );
  }
}
