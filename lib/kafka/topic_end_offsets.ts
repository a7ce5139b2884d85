/**
 * Offsets of a topic's partitions, and the "until the end as of now" stop
 * condition of `--once` consumption.
 *
 * @module
 */
import type { Admin } from "@platformatic/kafka";
import { withKafkaRetry } from "./with_kafka_retry.ts";

/** The offsets of one partition. */
export interface PartitionOffsets {
  /** Partition index. */
  partition: number;
  /** Log start offset (first offset still stored). */
  low: number;
  /** Log end offset: the offset the next message will get. */
  high: number;
}

/**
 * Reads every partition's log start and end offsets.
 *
 * @param admin A connected admin.
 * @param topic The topic.
 * @returns One entry per partition, ordered by partition.
 */
export async function topicEndOffsets(
  admin: Admin,
  topic: string,
): Promise<PartitionOffsets[]> {
  const metadata = await admin.metadata({ topics: [topic], forceUpdate: true });
  const count = metadata.topics.get(topic)?.partitionsCount ?? 0;
  const indexes = Array.from({ length: count }, (_, i) => i);
  // Kafka's ListOffsets timestamps: -2 = log start, -1 = log end.
  const list = async (timestamp: bigint) => {
    const [listed] = await admin.listOffsets({
      topics: [{
        name: topic,
        partitions: indexes.map((partitionIndex) => ({
          partitionIndex,
          timestamp,
        })),
      }],
    });
    return new Map(
      (listed?.partitions ?? []).map((
        p,
      ) => [p.partitionIndex, Number(p.offset)]),
    );
  };
  const [lows, highs] = [await list(-2n), await list(-1n)];
  return indexes.map((partition) => ({
    partition,
    low: lows.get(partition) ?? 0,
    high: highs.get(partition) ?? 0,
  }));
}

/**
 * Committed offsets of a consumer group on a topic.
 *
 * @param admin A connected admin.
 * @param groupId The group.
 * @param topic The topic.
 * @returns Partition → next offset to read; partitions without a commit
 *   are absent.
 */
export async function committedOffsets(
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<Map<number, number>> {
  const result = new Map<number, number>();
  const fetched = await withKafkaRetry(() =>
    admin.listConsumerGroupOffsets({ groups: [groupId] })
  );
  for (const group of fetched) {
    for (const { name, partitions } of group.topics) {
      if (name !== topic) continue;
      for (const { partitionIndex, committedOffset } of partitions) {
        const value = Number(committedOffset);
        if (value >= 0) result.set(partitionIndex, value);
      }
    }
  }
  return result;
}

/** Options of {@linkcode captureEndOffsets}. */
export interface CaptureEndOffsetsOptions {
  /** The consumer group whose committed offsets are the start positions. */
  groupId?: string;
  /**
   * Where a partition without a committed offset starts: `true` = its log
   * start, `false` = its end (nothing to read). Default `true`.
   */
  fromBeginning?: boolean;
}

/**
 * The end offsets of every partition as of one moment, and which
 * partitions a consumer has read up to them: consumption with "`--once`"
 * semantics stops when {@linkcode EndOffsetTarget.complete} turns true.
 */
export class EndOffsetTarget {
  /** The topic. */
  readonly topic: string;
  /** Partition → end offset captured at start. */
  readonly ends: ReadonlyMap<number, number>;
  #pending = new Set<number>();
  #total = 0;

  /**
   * @param topic The topic.
   * @param ends Partition → end offset to reach.
   * @param starts Partition → position the consumer starts at.
   */
  constructor(
    topic: string,
    ends: ReadonlyMap<number, number>,
    starts: ReadonlyMap<number, number>,
  ) {
    this.topic = topic;
    this.ends = ends;
    for (const [partition, end] of ends) {
      const start = starts.get(partition) ?? end;
      if (start < end) {
        this.#pending.add(partition);
        this.#total += end - start;
      }
    }
  }

  /** Messages between the start positions and the end offsets (an upper bound after compaction). */
  get expectedMessages(): number {
    return this.#total;
  }

  /** Whether every partition has been read up to its captured end. */
  get complete(): boolean {
    return this.#pending.size === 0;
  }

  /** Partitions still short of their end, ascending. */
  pending(): number[] {
    return [...this.#pending].sort((a, b) => a - b);
  }

  /**
   * Records progress on a partition.
   *
   * @param partition The partition.
   * @param nextOffset The offset after the last message handled.
   * @returns Whether that partition has now reached its end.
   */
  advance(partition: number, nextOffset: number): boolean {
    const end = this.ends.get(partition);
    if (end === undefined || nextOffset >= end) {
      this.#pending.delete(partition);
      return true;
    }
    return false;
  }

  /**
   * Whether a message lies beyond the captured end (and so belongs to a
   * later run).
   *
   * @param partition The partition.
   * @param offset The message's offset.
   */
  isBeyondEnd(partition: number, offset: number): boolean {
    const end = this.ends.get(partition);
    return end === undefined || offset >= end;
  }
}

/**
 * Captures the end offsets of every partition now, with start positions
 * from a group's committed offsets (or the log start/end).
 *
 * @param admin A connected admin.
 * @param topic The topic.
 * @param options The group and where uncommitted partitions start.
 * @returns The target to advance while consuming.
 *
 * @example Stop at the end as of the start
 * ```ts
 * const target = await captureEndOffsets(admin, topic, { groupId });
 * // in eachBatch: if (target.advance(partition, Number(last) + 1) && target.complete) stop();
 * ```
 */
export async function captureEndOffsets(
  admin: Admin,
  topic: string,
  options: CaptureEndOffsetsOptions = {},
): Promise<EndOffsetTarget> {
  const { groupId, fromBeginning = true } = options;
  const offsets = await topicEndOffsets(admin, topic);
  const committed = groupId
    ? await committedOffsets(admin, groupId, topic)
    : new Map<number, number>();
  const ends = new Map<number, number>();
  const starts = new Map<number, number>();
  for (const { partition, low, high } of offsets) {
    ends.set(partition, high);
    const commit = committed.get(partition);
    starts.set(
      partition,
      commit !== undefined ? Math.max(commit, low) : fromBeginning ? low : high,
    );
  }
  return new EndOffsetTarget(topic, ends, starts);
}
