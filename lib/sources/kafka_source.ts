/**
 * A Kafka topic as an engine source, on the reader's assign mode
 * (`openKafkaReader`, `lib/kafka`): every partition is read from the
 * position the engine gives (its checkpoint), else the group's committed
 * offsets, else `startingOffsets`. Messages are decoded when the engine
 * polls (only the fields the queries read, plus the ones validation needs);
 * invalid ones are dead-lettered through the same path as `consume` and
 * `dispatch` and counted. Offsets are committed to the group only when the
 * engine says so — after its checkpoint — so `lag` shows the engine's
 * progress; the group is never joined.
 *
 * @module
 */
import type avro from "avsc";
import type { Buffer } from "node:buffer";
import {
  committedOffsets,
  createDeadLetterWriter,
  createKafka,
  type DeadLetterWriter,
  decodeListeningMessage,
  DEFAULT_TOPIC,
  type KafkaClient,
  type KafkaReader,
  listeningRecordProblem,
  MessageDecodeError,
  openKafkaReader,
  type ReaderMessage,
  schemaFingerprintProblem,
  topicEndOffsets,
} from "../kafka/mod.ts";
import { projectedType } from "../avro/mod.ts";
import type {
  ColumnSpec,
  Source,
  SourceBatch,
  SourceOpenOptions,
  SourcePosition,
} from "../engine/mod.ts";
import { listeningHistoryType } from "../schema/mod.ts";
import { LISTENING_COLUMNS } from "./listening_columns.ts";

/** Options of {@linkcode kafkaSource}. */
export interface KafkaSourceOptions {
  /** The consumer group offsets are committed for (never joined). */
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
  /** Write invalid messages to `<topic>.dlq` (once per topic). Default `true`. */
  deadLetter?: boolean;
  /** Told about each invalid message (it is skipped and counted). */
  onUndecodable?: (
    error: MessageDecodeError,
    partition: number,
    offset: number,
  ) => void;
  /** Identity stored in checkpoints. Default `kafka:<topic>`. */
  id?: string;
}

/** The source made by {@linkcode kafkaSource}, with its counters. */
export interface KafkaSource extends Source {
  /** Messages skipped because they did not decode or were invalid. */
  readonly undecodable: number;
  /** The end offsets captured when the source opened (per partition). */
  readonly endOffsets: SourcePosition;
}

/** Fields validation reads, kept in every projection. */
const VALIDATED: readonly string[][] = [
  ["personality"],
  ["length_seconds"],
  ["listening_time", "start_time"],
  ["listening_time", "end_time"],
];

/**
 * Creates a Kafka source reading every partition of the topic.
 *
 * @param options Group, topic, client, starting offsets.
 * @returns The source; `exhausted` means every partition reached the end
 *   offset it had when the source opened.
 * @throws {TypeError} Without a `groupId`.
 * @throws {RangeError} For a `startingOffsets` other than earliest/latest.
 *
 * @example
 * ```ts
 * const source = kafkaSource({ groupId: "analyze" });
 * const stream = startStream(queries, { checkpointDir: "data/ckpt" });
 * ```
 */
export function kafkaSource(options: KafkaSourceOptions): KafkaSource {
  checkOptions(options);
  const source = new KafkaTopicSource(options);
  // Own properties, so that `{ ...source, commit }` wrappers keep them all.
  return {
    id: source.id,
    columns: source.columns,
    get undecodable() {
      return source.undecodable;
    },
    get endOffsets() {
      return source.endOffsets;
    },
    partitions: () => source.partitions(),
    open: (position, openOptions) => source.open(position, openOptions),
    poll: (maxRecords, maxWaitMs) => source.poll(maxRecords, maxWaitMs),
    commit: (position) => source.commit(position),
    close: () => source.close(),
  };
}

function checkOptions(options: KafkaSourceOptions): void {
  if (typeof options?.groupId !== "string" || options.groupId === "") {
    throw new TypeError(
      `kafkaSource() needs a groupId: got ${JSON.stringify(options?.groupId)}`,
    );
  }
  const starting = options.startingOffsets ?? "earliest";
  if (starting !== "earliest" && starting !== "latest") {
    throw new RangeError(
      `startingOffsets must be "earliest" or "latest": got ${
        JSON.stringify(starting)
      }`,
    );
  }
}

/** Projected decoding with the full decoder's reasons for what fails. */
class ProjectedDecoder {
  #reader: avro.Type;
  #resolver: unknown;

  constructor(type: avro.Type, columns: readonly ColumnSpec[]) {
    const validated = VALIDATED.map((path) =>
      ({ path }) as unknown as ColumnSpec
    );
    this.#reader = projectedType(type, [...columns, ...validated]);
    this.#resolver = this.#reader === type
      ? undefined
      : this.#reader.createResolver(type);
  }

  /** The record, or throws {@linkcode MessageDecodeError} saying why not. */
  decode(m: ReaderMessage): unknown {
    const wrongSchema = schemaFingerprintProblem(m.headers);
    if (wrongSchema) throw new MessageDecodeError(wrongSchema);
    let record: unknown;
    try {
      const value = m.value as Buffer;
      const out = this.#reader.decode(value, 0, this.#resolver as never);
      if (out.offset === value.length && out.value) record = out.value;
    } catch {
      // the full decoder below says what is wrong
    }
    if (record === undefined) {
      decodeListeningMessage(m);
      throw new MessageDecodeError("not a whole datum of the projection");
    }
    const problem = listeningRecordProblem(record as never);
    if (problem) throw new MessageDecodeError(problem);
    return record;
  }
}

class KafkaTopicSource implements KafkaSource {
  readonly id: string;
  readonly columns: readonly ColumnSpec[];
  #options: KafkaSourceOptions;
  #topic: string;
  #client: KafkaClient | undefined;
  #reader: KafkaReader | undefined;
  #decoder: ProjectedDecoder | undefined;
  #dlq: DeadLetterWriter | undefined;
  #ends = new Map<number, number>();
  #undecodable = 0;

  constructor(options: KafkaSourceOptions) {
    this.#options = options;
    this.#topic = options.topic ?? DEFAULT_TOPIC;
    this.id = options.id ?? `kafka:${this.#topic}`;
    this.columns = options.columns ?? LISTENING_COLUMNS;
  }

  get undecodable(): number {
    return this.#undecodable;
  }

  get endOffsets(): SourcePosition {
    return Object.fromEntries(this.#ends);
  }

  partitions(): number[] {
    return [...this.#ends.keys()];
  }

  async open(position?: SourcePosition, openOptions?: SourceOpenOptions) {
    const wanted = openOptions?.columns
      ? this.columns.filter((c) => openOptions.columns!.includes(c.name))
      : this.columns;
    this.#decoder = new ProjectedDecoder(
      this.#options.type ?? listeningHistoryType,
      wanted,
    );
    this.#client = this.#options.client ?? createKafka();
    const start = await this.#startPositions(position);
    this.#reader = await openKafkaReader(this.#client, {
      topic: this.#topic,
      assign: start,
      commitGroupId: this.#options.groupId,
      maxBuffered: this.#options.maxBufferedMessages ?? 200_000,
    });
    if (this.#options.deadLetter !== false) {
      this.#dlq = createDeadLetterWriter(this.#client);
    }
  }

  /** Checkpoint > group's committed offsets > `startingOffsets`, per partition. */
  async #startPositions(
    position: SourcePosition | undefined,
  ): Promise<Map<number, number>> {
    const { groupId, startingOffsets = "earliest" } = this.#options;
    const [offsets, committed] = await this.#client!.withAdmin(async (admin) =>
      [
        await topicEndOffsets(admin, this.#topic),
        await committedOffsets(admin, groupId, this.#topic),
      ] as const
    );
    const start = new Map<number, number>();
    for (const { partition, low, high } of offsets) {
      this.#ends.set(partition, high);
      const at = position?.[String(partition)] ?? committed.get(partition) ??
        (startingOffsets === "earliest" ? low : high);
      start.set(partition, Math.max(at, low));
    }
    return start;
  }

  async poll(maxRecords: number, maxWaitMs: number): Promise<SourceBatch> {
    const reader = this.#reader;
    if (!reader) throw new TypeError("kafkaSource: poll() before open()");
    const wait = this.#caughtUp(reader.positions()) ? 0 : maxWaitMs;
    const messages = await reader.poll(maxRecords, wait);
    const records: unknown[] = [];
    const partitions: number[] = [];
    const offsets: number[] = [];
    let invalid = 0;
    for (const m of messages) {
      const record = await this.#decodeOrDeadLetter(m);
      if (record === undefined) {
        invalid++;
        continue;
      }
      records.push(record);
      partitions.push(m.partition);
      offsets.push(m.offset);
    }
    const at = reader.positions();
    return {
      records,
      partitions,
      offsets,
      invalid,
      position: Object.fromEntries([...at].map(([p, o]) => [String(p), o])),
      exhausted: this.#caughtUp(at),
    };
  }

  async #decodeOrDeadLetter(m: ReaderMessage): Promise<unknown> {
    try {
      return this.#decoder!.decode(m);
    } catch (error) {
      if (!(error instanceof MessageDecodeError)) throw error;
      this.#undecodable++;
      await this.#dlq?.write({
        topic: this.#topic,
        partition: m.partition,
        offset: m.offset,
        key: m.key,
        value: m.value,
        headers: m.headers,
      }, error.reason);
      this.#options.onUndecodable?.(error, m.partition, m.offset);
      return undefined;
    }
  }

  #caughtUp(at: Map<number, number>): boolean {
    for (const [partition, end] of this.#ends) {
      if ((at.get(partition) ?? 0) < end) return false;
    }
    return true;
  }

  async commit(position: SourcePosition) {
    if (!this.#reader) return;
    await this.#reader.commit(
      new Map(Object.entries(position).map(([p, o]) => [Number(p), o])),
    );
  }

  async close() {
    const reader = this.#reader;
    this.#reader = undefined;
    await reader?.close();
    await this.#dlq?.close();
    this.#dlq = undefined;
  }
}
