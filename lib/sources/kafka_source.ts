/**
 * A Kafka topic as an engine source that owns the partitions it reads, as
 * Spark's Kafka source does: the reader's assign mode (`openKafkaReader`,
 * `lib/kafka`) reads them (all of the topic's, or the chosen ones) and
 * joins no group, so a restart never waits for a killed run's session.
 * Each partition starts at the position the engine gives (its checkpoint),
 * else at `startingOffsets` (`earliest`, `latest`, or `group`: the named
 * group's committed offsets). Messages are decoded when the engine polls
 * (only the fields the queries read, plus the ones validation needs);
 * invalid ones are dead-lettered through the same path as `consume` and
 * `dispatch` and counted. The named group only receives the positions of
 * checkpointed batches, as a progress marker for `lag`.
 *
 * @module
 */
import type avro from "avsc";
import type { Buffer } from "node:buffer";
import { normalize, stringify } from "multi-integer-range";
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
  withKafkaRetry,
} from "../kafka/mod.ts";
import { projectedType } from "../avro/mod.ts";
import type {
  ColumnSpec,
  Source,
  SourceBatch,
  SourceOpenOptions,
  SourcePollOptions,
  SourcePosition,
} from "../engine/mod.ts";
import { listeningHistoryType } from "../schema/mod.ts";
import { LISTENING_COLUMNS } from "./listening_columns.ts";

/** Where a new query starts (Spark's `startingOffsets`). */
export const STARTING_OFFSETS = ["earliest", "latest", "group"] as const;
/** One of {@linkcode STARTING_OFFSETS}. */
export type StartingOffsets = typeof STARTING_OFFSETS[number];

/** Options of {@linkcode kafkaSource}. */
export interface KafkaSourceOptions {
  /**
   * The progress-marker group: after each checkpointed batch the source
   * writes its positions there (for `deno task lag` and other tools; the
   * group is never joined). It never reads them back, except with
   * `startingOffsets: "group"`. Default: none.
   */
  groupId?: string;
  /** The topic. Default `listening-events`. */
  topic?: string;
  /** The partitions to read. Default: all of the topic's. */
  partitions?: readonly number[];
  /** The client. Default `createKafka()` (brokers from `KAFKA_BROKERS`). */
  client?: KafkaClient;
  /**
   * Where a new query starts (Spark's `startingOffsets`): `"earliest"`,
   * `"latest"`, or `"group"` — the offsets committed to `groupId`
   * (earliest where it has none). A checkpoint always takes precedence.
   * Default `"earliest"`.
   */
  startingOffsets?: StartingOffsets;
  /**
   * Told when the progress marker could not be written (the stream goes
   * on: its positions are in the checkpoint). Default: ignored.
   */
  onMarkerError?: (error: unknown) => void;
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
  /** The partitions read, ascending (known after `open`). */
  partitions(): readonly number[];
}

/** Fields validation reads, kept in every projection. */
/**
 * How old the last fetch answer may be for its high watermarks to say a
 * partition is caught up (a fetch waits at most 500 ms for records).
 */
const FRESH_FETCH_MS = 10_000;

const VALIDATED: readonly string[][] = [
  ["personality"],
  ["length_seconds"],
  ["listening_time", "start_time"],
  ["listening_time", "end_time"],
];

/**
 * Creates a Kafka source that owns its partitions (see the module notes).
 *
 * @param options Topic, partitions, starting offsets, progress-marker
 *   group, client.
 * @returns The source; `exhausted` means every partition reached the end
 *   offset it had when the source opened.
 * @throws {TypeError} For a bad `groupId`, or `"group"` without one.
 * @throws {RangeError} For bad `startingOffsets` or `partitions`; `open()`
 *   throws a `RangeError` for partitions the topic does not have.
 *
 * @example
 * ```ts
 * const source = kafkaSource({ groupId: "analyze", partitions: [0, 1, 2] });
 * const stream = startStream(queries, { checkpointDir: "data/ckpt" });
 * ```
 */
export function kafkaSource(options: KafkaSourceOptions = {}): KafkaSource {
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
    poll: (maxRecords, maxWaitMs, pollOptions) =>
      source.poll(maxRecords, maxWaitMs, pollOptions),
    commit: (position) => source.commit(position),
    close: () => source.close(),
  };
}

function checkOptions(options: KafkaSourceOptions): void {
  const { groupId, startingOffsets = "earliest", partitions } = options;
  if (
    groupId !== undefined && (typeof groupId !== "string" || groupId === "")
  ) {
    throw new TypeError(
      `kafkaSource() groupId must be a non-empty string: got ${
        JSON.stringify(groupId)
      }`,
    );
  }
  if (!(STARTING_OFFSETS as readonly string[]).includes(startingOffsets)) {
    throw new RangeError(
      `startingOffsets must be one of ${STARTING_OFFSETS.join(", ")}: got ${
        JSON.stringify(startingOffsets)
      }`,
    );
  }
  if (startingOffsets === "group" && !groupId) {
    throw new TypeError(
      'startingOffsets "group" needs a groupId to read the offsets from',
    );
  }
  if (
    partitions !== undefined &&
    (!Array.isArray(partitions) || partitions.length === 0 ||
      !partitions.every((p) => Number.isInteger(p) && p >= 0))
  ) {
    throw new RangeError(
      `partitions must be a non-empty list of partition numbers: got ${
        JSON.stringify(partitions)
      }`,
    );
  }
}

/** `0-3,7` for `[0, 1, 2, 3, 7]`. */
function formatPartitions(partitions: readonly number[]): string {
  return stringify(normalize([...partitions]));
}

/**
 * The partitions to read: all of the topic's, or the chosen ones.
 *
 * @throws {RangeError} For a chosen partition the topic does not have.
 */
function ownedPartitions(
  topic: string,
  offsets: readonly { partition: number }[],
  chosen: readonly number[] | undefined,
): Set<number> {
  const all = new Set(offsets.map((o) => o.partition));
  if (!chosen) return all;
  const missing = chosen.filter((p) => !all.has(p));
  if (missing.length > 0) {
    throw new RangeError(
      `topic "${topic}" has partitions ${formatPartitions([...all])}: ` +
        `got partitions ${formatPartitions(missing)}`,
    );
  }
  return new Set(chosen);
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
  /** Messages taken from the reader past a replayed batch's `until`. */
  #held: ReaderMessage[] = [];
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
    return [...this.#ends.keys()].sort((a, b) => a - b);
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
      ...(this.#options.groupId
        ? { commitGroupId: this.#options.groupId }
        : {}),
      maxBuffered: this.#options.maxBufferedMessages ?? 200_000,
    });
    if (this.#options.deadLetter !== false) {
      this.#dlq = createDeadLetterWriter(this.#client);
    }
  }

  /** Checkpoint > `startingOffsets`, per partition read. */
  async #startPositions(
    position: SourcePosition | undefined,
  ): Promise<Map<number, number>> {
    const { groupId, startingOffsets = "earliest" } = this.#options;
    const [offsets, committed] = await this.#client!.withAdmin(async (admin) =>
      [
        // leadership moves right after a topic's creation or a restart
        await withKafkaRetry(() => topicEndOffsets(admin, this.#topic)),
        startingOffsets === "group"
          ? await committedOffsets(admin, groupId!, this.#topic)
          : new Map<number, number>(),
      ] as const
    );
    const owned = ownedPartitions(
      this.#topic,
      offsets,
      this.#options.partitions,
    );
    const start = new Map<number, number>();
    for (const { partition, low, high } of offsets) {
      if (!owned.has(partition)) continue;
      this.#ends.set(partition, high);
      const at = position?.[String(partition)] ??
        (startingOffsets === "latest" ? high : committed.get(partition) ?? low);
      start.set(partition, Math.max(at, low));
    }
    return start;
  }

  async poll(
    maxRecords: number,
    maxWaitMs: number,
    pollOptions?: SourcePollOptions,
  ): Promise<SourceBatch> {
    const reader = this.#reader;
    if (!reader) throw new TypeError("kafkaSource: poll() before open()");
    const until = pollOptions?.until;
    const records: unknown[] = [];
    const partitions: number[] = [];
    const offsets: number[] = [];
    let invalid = 0;
    for (const m of await this.#take(reader, maxRecords, maxWaitMs, until)) {
      const record = await this.#decodeOrDeadLetter(m);
      if (record === undefined) {
        invalid++;
        continue;
      }
      records.push(record);
      partitions.push(m.partition);
      offsets.push(m.offset);
    }
    const at = this.#positions(reader, until);
    return {
      records,
      partitions,
      offsets,
      invalid,
      position: Object.fromEntries([...at].map(([p, o]) => [String(p), o])),
      exhausted: this.#held.length === 0 && this.#caughtUp(at),
      caughtUp: this.#atHighWatermark(reader, at),
    };
  }

  /**
   * Up to `max` messages, held ones first, none at or past `until` (a
   * replayed batch's end): those are held for later polls.
   */
  async #take(
    reader: KafkaReader,
    max: number,
    waitMs: number,
    until: SourcePosition | undefined,
  ): Promise<ReaderMessage[]> {
    const out: ReaderMessage[] = [];
    const keep: ReaderMessage[] = [];
    const consider = (m: ReaderMessage) => {
      const limit = until?.[String(m.partition)];
      if (out.length >= max || (limit !== undefined && m.offset >= limit)) {
        keep.push(m);
      } else out.push(m);
    };
    const before = this.#held;
    this.#held = [];
    before.forEach(consider);
    const at = this.#positions(reader, until);
    if (out.length < max && !this.#caughtUp(at, until)) {
      const wait = out.length === 0 && keep.length === 0 ? waitMs : 0;
      (await reader.poll(max - out.length, wait)).forEach(consider);
    }
    this.#held = keep;
    return out;
  }

  /**
   * Next offset per partition: the first held message's, else the
   * reader's (never past `until`).
   */
  #positions(
    reader: KafkaReader,
    until: SourcePosition | undefined,
  ): Map<number, number> {
    const at = reader.positions();
    for (const m of [...this.#held].reverse()) at.set(m.partition, m.offset);
    if (until) {
      for (const [p, o] of at) {
        const limit = until[String(p)];
        if (limit !== undefined && o > limit) at.set(p, limit);
      }
    }
    return at;
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

  /**
   * The partitions read up to the high watermark of a recent fetch: only
   * these can go idle. None while the broker does not answer (stale high
   * watermarks say nothing about what was produced meanwhile).
   */
  #atHighWatermark(reader: KafkaReader, at: Map<number, number>): number[] {
    if (Date.now() - reader.lastFetchMs() > FRESH_FETCH_MS) return [];
    const high = reader.highWatermarks();
    return [...this.#ends.keys()].filter((partition) =>
      (at.get(partition) ?? 0) >= (high.get(partition) ?? Infinity)
    );
  }

  /** Whether every partition reached its end (or `until`). */
  #caughtUp(at: Map<number, number>, until?: SourcePosition): boolean {
    for (const [partition, end] of this.#ends) {
      const target = until?.[String(partition)] ?? end;
      if ((at.get(partition) ?? 0) < target) return false;
    }
    return true;
  }

  /** Writes the progress marker (never fails the stream). */
  async commit(position: SourcePosition) {
    if (!this.#reader || !this.#options.groupId) return;
    try {
      await this.#reader.commit(
        new Map(Object.entries(position).map(([p, o]) => [Number(p), o])),
      );
    } catch (error) {
      this.#options.onMarkerError?.(error);
    }
  }

  async close() {
    const reader = this.#reader;
    this.#reader = undefined;
    this.#held = [];
    await reader?.close();
    await this.#dlq?.close();
    this.#dlq = undefined;
  }
}
