/**
 * A Kafka topic read by a consumer group (kafkajs, `lib/kafka`), as an
 * engine source: messages are buffered as they are fetched and decoded
 * (only the fields the queries read) when the engine polls; offsets are
 * committed to the group only when the engine says so — after its
 * checkpoint.
 *
 * @module
 */
import type avro from "avsc";
import { Buffer } from "node:buffer";
import type { Consumer, ConsumerConfig, EachBatchPayload } from "kafkajs";
import {
  committedOffsets,
  createKafka,
  decodeListeningMessage,
  DEFAULT_TOPIC,
  type KafkaClient,
  MessageDecodeError,
  topicEndOffsets,
} from "../kafka/mod.ts";
import { projectedType } from "../avro/mod.ts";
import {
  type ColumnSpec,
  SharedConsumerGroupError,
  type Source,
  type SourceBatch,
  type SourceOpenOptions,
  type SourcePosition,
} from "../engine/mod.ts";
import { listeningHistoryType } from "../schema/mod.ts";
import { LISTENING_COLUMNS } from "./listening_columns.ts";

/** Options of {@linkcode kafkaSource}. */
export interface KafkaSourceOptions {
  /** The consumer group; offsets are committed for it. */
  groupId: string;
  /** The topic. Default `listening-events`. */
  topic?: string;
  /** The client. Default `createKafka()` (brokers from `KAFKA_BROKERS`). */
  client?: KafkaClient;
  /**
   * Where a group without committed offsets starts (Spark's
   * `startingOffsets`); a checkpoint always takes precedence, then the
   * group's committed offsets. Default `"earliest"`.
   */
  startingOffsets?: "earliest" | "latest";
  /** Fetching pauses while this many messages wait. Default 200,000. */
  maxBufferedMessages?: number;
  /** Column layout. Default {@linkcode LISTENING_COLUMNS}. */
  columns?: readonly ColumnSpec[];
  /** The messages' Avro type. Default `music.ListeningHistory`. */
  type?: avro.Type;
  /** Told about each message that does not decode (it is skipped). */
  onUndecodable?: (
    error: MessageDecodeError,
    partition: number,
    offset: number,
  ) => void;
  /** Identity stored in checkpoints. Default `kafka:<topic>`. */
  id?: string;
  /**
   * Extra kafkajs consumer settings, e.g. `{ sessionTimeout: 6000 }` so a
   * killed member's partitions are reassigned sooner.
   */
  consumerConfig?: Omit<ConsumerConfig, "groupId">;
}

/** The source made by {@linkcode kafkaSource}, with its counters. */
export interface KafkaSource extends Source {
  /** Messages skipped because they did not decode. */
  readonly undecodable: number;
  /** The end offsets captured when the source opened (per partition). */
  readonly endOffsets: SourcePosition;
}

interface Buffered {
  partition: number;
  offset: number;
  value: Buffer | null;
  headers?: Record<string, unknown>;
}

/**
 * Creates a Kafka source. One engine per consumer group: the source reads
 * every partition of the topic, and when another consumer joins the group
 * and takes some of them, `poll()` throws a
 * {@linkcode SharedConsumerGroupError} (nothing past the last checkpoint is
 * committed).
 *
 * @param options Group, topic, client, starting offsets.
 * @returns The source; `exhausted` means every partition reached the end
 *   offset it had when the source opened.
 * @throws {TypeError} Without a `groupId`.
 *
 * @example
 * ```ts
 * const source = kafkaSource({ groupId: "analyze" });
 * const stream = startStream(queries, { checkpointDir: "data/ckpt" });
 * ```
 */
export function kafkaSource(options: KafkaSourceOptions): KafkaSource {
  if (typeof options?.groupId !== "string" || options.groupId === "") {
    throw new TypeError(
      `kafkaSource() needs a groupId: got ${JSON.stringify(options?.groupId)}`,
    );
  }
  const {
    groupId,
    topic = DEFAULT_TOPIC,
    startingOffsets = "earliest",
    maxBufferedMessages = 200_000,
    columns = LISTENING_COLUMNS,
    type = listeningHistoryType,
    onUndecodable,
    id = `kafka:${topic}`,
  } = options;
  if (startingOffsets !== "earliest" && startingOffsets !== "latest") {
    throw new RangeError(
      `startingOffsets must be "earliest" or "latest": got ${
        JSON.stringify(startingOffsets)
      }`,
    );
  }
  let client: KafkaClient | undefined;
  let ownClient = false;
  let consumer: Consumer | undefined;
  let buffer: Buffered[] = [];
  let head = 0;
  let paused = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  let readerType: avro.Type = type;
  let resolver: unknown;
  let undecodable = 0;
  /** Next offset to hand out, per partition. */
  const next = new Map<number, number>();
  /** Next offset expected from the fetcher, per partition. */
  const fetched = new Map<number, number>();
  const ends = new Map<number, number>();

  const buffered = () => buffer.length - head;

  const onBatch = ({ batch }: EachBatchPayload): Promise<void> => {
    const partition = batch.partition;
    for (const m of batch.messages) {
      const offset = Number(m.offset);
      // skip what precedes the start position or was fetched already
      if (offset < (fetched.get(partition) ?? 0)) continue;
      fetched.set(partition, offset + 1);
      buffer.push({
        partition,
        offset,
        value: m.value,
        headers: m.headers as Record<string, unknown>,
      });
    }
    if (buffered() >= maxBufferedMessages && !paused) {
      consumer!.pause([{ topic }]);
      paused = true;
    }
    wake?.();
    return Promise.resolve();
  };

  const decode = (m: Buffered): unknown => {
    try {
      if (!m.value) throw new MessageDecodeError("the message has no value");
      const { value, offset } = (readerType as avro.Type).decode(
        m.value,
        0,
        resolver as never,
      );
      if (offset === m.value.length && value) return value;
      throw new Error("not a whole datum");
    } catch {
      // the full decoder says precisely what is wrong
      try {
        decodeListeningMessage({ value: m.value, headers: m.headers as never });
        return undefined;
      } catch (error) {
        undecodable++;
        const e = error instanceof MessageDecodeError
          ? error
          : new MessageDecodeError(String(error), error);
        onUndecodable?.(e, m.partition, m.offset);
        return undefined;
      }
    }
  };

  const source: KafkaSource = {
    id,
    columns,
    get undecodable() {
      return undecodable;
    },
    get endOffsets() {
      return Object.fromEntries(ends);
    },
    partitions() {
      return [...ends.keys()];
    },
    async open(position?: SourcePosition, openOptions?: SourceOpenOptions) {
      const wanted = openOptions?.columns
        ? columns.filter((c) => openOptions.columns!.includes(c.name))
        : columns;
      readerType = projectedType(type, wanted);
      resolver = readerType === type
        ? undefined
        : readerType.createResolver(type);
      client = options.client ?? createKafka();
      ownClient = !options.client;
      // Where each partition starts: checkpoint > committed > option.
      const [offsets, committed] = await client.withAdmin(async (admin) =>
        [
          await topicEndOffsets(admin, topic),
          await committedOffsets(admin, groupId, topic),
        ] as const
      );
      for (const { partition, low, high } of offsets) {
        ends.set(partition, high);
        const fromCheckpoint = position?.[String(partition)];
        const start = fromCheckpoint ?? committed.get(partition) ??
          (startingOffsets === "earliest" ? low : high);
        next.set(partition, Math.max(start, low));
        fetched.set(partition, Math.max(start, low));
      }
      consumer = await client.connectConsumer({
        ...options.consumerConfig,
        groupId,
      });
      consumer.on(consumer.events.CRASH, (event) => {
        failure = event.payload.error;
        wake?.();
      });
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        const assigned = event.payload.memberAssignment[topic] ?? [];
        if (assigned.length < ends.size) {
          failure ??= new SharedConsumerGroupError(
            groupId,
            topic,
            [...assigned].sort((a, b) => a - b),
            ends.size,
          );
          wake?.();
        }
      });
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: onBatch,
      });
      for (const [partition, offset] of next) {
        consumer.seek({ topic, partition, offset: String(offset) });
      }
    },
    async poll(maxRecords: number, maxWaitMs: number): Promise<SourceBatch> {
      if (!consumer) throw new TypeError("kafkaSource: poll() before open()");
      if (failure) throw client!.describeFailure(failure);
      if (buffered() === 0 && maxWaitMs > 0 && !caughtUp()) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, maxWaitMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
      const take = Math.min(maxRecords, buffered());
      const records: unknown[] = [];
      const partitions: number[] = [];
      const offsetsOut: number[] = [];
      for (let i = 0; i < take; i++) {
        const m = buffer[head + i];
        next.set(m.partition, m.offset + 1);
        const record = decode(m);
        if (record === undefined) continue;
        records.push(record);
        partitions.push(m.partition);
        offsetsOut.push(m.offset);
      }
      head += take;
      if (head > 65_536 && head * 2 > buffer.length) {
        buffer = buffer.slice(head);
        head = 0;
      }
      if (paused && buffered() < maxBufferedMessages / 2) {
        consumer.resume([{ topic }]);
        paused = false;
      }
      return {
        records,
        partitions,
        offsets: offsetsOut,
        position: Object.fromEntries(
          [...next].map(([p, o]) => [String(p), o]),
        ),
        exhausted: buffered() === 0 && caughtUp(),
      };
    },
    async commit(position: SourcePosition) {
      if (!consumer) return;
      await consumer.commitOffsets(
        Object.entries(position).map(([partition, offset]) => ({
          topic,
          partition: Number(partition),
          offset: String(offset),
        })),
      );
    },
    async close() {
      const c = consumer;
      consumer = undefined;
      await c?.disconnect().catch(() => {});
      if (ownClient) client = undefined;
    },
  };

  function caughtUp(): boolean {
    for (const [partition, end] of ends) {
      if ((next.get(partition) ?? 0) < end) return false;
    }
    return true;
  }

  return source;
}
