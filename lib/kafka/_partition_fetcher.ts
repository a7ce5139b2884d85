/**
 * The fetch loop under every reader: fetches chosen partitions of one topic
 * from their leaders with `@platformatic/kafka`'s low-level `fetch`, keeps
 * each partition's next offset, and buffers the messages until taken.
 *
 * @module
 */
import type { Consumer } from "@platformatic/kafka";
import type { Buffer } from "node:buffer";

/** One message as fetched: raw bytes, nothing decoded. */
export interface ReaderMessage {
  /** The partition. */
  partition: number;
  /** Its offset. */
  offset: number;
  /** The key bytes. */
  key: Buffer | null;
  /** The value bytes. */
  value: Buffer | null;
  /** Header name/value pairs as on the wire. */
  headers: [Buffer | null, Buffer | null][];
}

/** Settings of a {@linkcode PartitionFetcher}. */
export interface FetcherSettings {
  /** Fetching pauses while this many messages wait. */
  maxBuffered: number;
  /** Bytes asked per partition per fetch. */
  maxBytesPerPartition: number;
  /** How long the broker may hold a fetch with nothing new. */
  maxWaitMs: number;
}

const IS_CONTROL = 0b100000;
const READ_COMMITTED = 1;

/**
 * Fetches the partitions it is given, from the offsets it is given, until
 * closed. `take()` hands out what arrived, in order per partition.
 */
export class PartitionFetcher {
  #consumer: Consumer;
  #topic: string;
  #settings: FetcherSettings;
  /** Next offset to fetch, per assigned partition. */
  #fetchAt = new Map<number, number>();
  /** Next offset to hand out, per assigned partition. */
  #handAt = new Map<number, number>();
  #highWatermarks = new Map<number, number>();
  #answeredAtMs = 0;
  #buffer: ReaderMessage[] = [];
  #head = 0;
  #epoch = 0;
  #closed = false;
  #failure: unknown;
  #wakeTaker: (() => void) | undefined;
  #wakePump: (() => void) | undefined;
  #pump: Promise<void> | undefined;

  /**
   * @param consumer A `@platformatic/kafka` consumer (only its fetch and metadata are used).
   * @param topic The topic.
   * @param settings Buffering and fetch sizes.
   */
  constructor(consumer: Consumer, topic: string, settings: FetcherSettings) {
    this.#consumer = consumer;
    this.#topic = topic;
    this.#settings = settings;
  }

  /** Messages fetched and not yet taken. */
  get buffered(): number {
    return this.#buffer.length - this.#head;
  }

  /** The partitions being fetched. */
  partitions(): number[] {
    return [...this.#fetchAt.keys()].sort((a, b) => a - b);
  }

  /** Next offset to hand out per assigned partition. */
  positions(): Map<number, number> {
    return new Map(this.#handAt);
  }

  /** The latest high watermark seen per partition. */
  highWatermarks(): Map<number, number> {
    return new Map(this.#highWatermarks);
  }

  /** Wall-clock ms of the last fetch the broker answered (0 before any). */
  answeredAtMs(): number {
    return this.#answeredAtMs;
  }

  /**
   * Fetches these partitions from these offsets from now on; messages of
   * partitions no longer assigned are dropped, in-flight fetches ignored.
   *
   * @param positions Partition → next offset.
   */
  assign(positions: ReadonlyMap<number, number>): void {
    this.#epoch++;
    this.#fetchAt = new Map(positions);
    this.#handAt = new Map(positions);
    this.#buffer = [];
    this.#head = 0;
    this.#pump ??= this.#run();
    this.#wakePump?.();
  }

  /**
   * Takes up to `max` messages, waiting up to `waitMs` when none are there.
   *
   * @param max Most messages to take.
   * @param waitMs Longest wait for the first message.
   * @returns The messages (maybe none).
   * @throws What the fetch loop failed with.
   */
  async take(max: number, waitMs: number): Promise<ReaderMessage[]> {
    if (this.#failure !== undefined) throw this.#failure;
    if (this.buffered === 0 && waitMs > 0 && !this.#closed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        this.#wakeTaker = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wakeTaker = undefined;
      if (this.#failure !== undefined) throw this.#failure;
    }
    const n = Math.min(max, this.buffered);
    const out = this.#buffer.slice(this.#head, this.#head + n);
    this.#head += n;
    if (this.#head === this.#buffer.length) {
      this.#buffer = [];
      this.#head = 0;
    }
    for (const m of out) this.#handAt.set(m.partition, m.offset + 1);
    this.#advanceEmptyPartitions();
    if (this.buffered < this.#settings.maxBuffered) this.#wakePump?.();
    return out;
  }

  /** Stops fetching (a fetch in flight is dropped when it answers). */
  close(): void {
    this.#closed = true;
    this.#wakePump?.();
    this.#wakeTaker?.();
  }

  /** Partitions with nothing buffered are handed out up to their fetch position (skipped control records). */
  #advanceEmptyPartitions(): void {
    if (this.buffered > 0) return;
    for (const [partition, at] of this.#fetchAt) {
      if ((this.#handAt.get(partition) ?? 0) < at) {
        this.#handAt.set(partition, at);
      }
    }
  }

  async #run(): Promise<void> {
    try {
      while (!this.#closed) {
        if (
          this.buffered >= this.#settings.maxBuffered ||
          this.#fetchAt.size === 0
        ) {
          await new Promise<void>((resolve) => this.#wakePump = resolve);
          this.#wakePump = undefined;
          continue;
        }
        await this.#fetchOnce();
      }
    } catch (error) {
      this.#failure = error;
      this.#wakeTaker?.();
    }
  }

  async #fetchOnce(): Promise<void> {
    const epoch = this.#epoch;
    const metadata = await this.#consumer.metadata({ topics: [this.#topic] });
    const topic = metadata.topics.get(this.#topic);
    if (!topic) throw new Error(`topic ${this.#topic} has no metadata`);
    const byLeader = new Map<number, number[]>();
    for (const partition of this.#fetchAt.keys()) {
      const leader = topic.partitions[partition]?.leader;
      if (leader === undefined) {
        throw new RangeError(
          `partition ${partition} of ${this.#topic} does not exist (${topic.partitionsCount} partitions)`,
        );
      }
      let list = byLeader.get(leader);
      if (!list) byLeader.set(leader, list = []);
      list.push(partition);
    }
    await Promise.all(
      [...byLeader].map(async ([node, partitions]) => {
        const response = await this.#consumer.fetch({
          node,
          maxWaitTime: this.#settings.maxWaitMs,
          minBytes: 1,
          maxBytes: this.#settings.maxBytesPerPartition * partitions.length,
          isolationLevel: READ_COMMITTED,
          topics: [{
            topicId: topic.id,
            partitions: partitions.map((partition) => ({
              partition,
              fetchOffset: BigInt(this.#fetchAt.get(partition)!),
              partitionMaxBytes: this.#settings.maxBytesPerPartition,
              currentLeaderEpoch: -1,
              lastFetchedEpoch: -1,
            })),
          }],
        });
        if (epoch === this.#epoch && !this.#closed) this.#accept(response);
      }),
    );
    if (this.buffered > 0) this.#wakeTaker?.();
  }

  #accept(response: Awaited<ReturnType<Consumer["fetch"]>>): void {
    this.#answeredAtMs = Date.now();
    for (const topic of response.responses) {
      for (const p of topic.partitions) {
        const partition = p.partitionIndex;
        const from = this.#fetchAt.get(partition);
        if (from === undefined) continue;
        let at = from;
        this.#highWatermarks.set(partition, Number(p.highWatermark));
        for (const batch of p.records ?? []) {
          const first = Number(batch.firstOffset);
          const end = first + batch.lastOffsetDelta + 1;
          if (end <= at) continue;
          if ((batch.attributes & IS_CONTROL) === 0) {
            for (const record of batch.records) {
              const offset = first + record.offsetDelta;
              if (offset < at) continue;
              this.#buffer.push({
                partition,
                offset,
                key: record.key,
                value: record.value,
                headers: record.headers,
              });
            }
          }
          at = end;
        }
        this.#fetchAt.set(partition, at);
      }
    }
    this.#advanceEmptyPartitions();
  }
}
