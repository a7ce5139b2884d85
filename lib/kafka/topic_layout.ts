/**
 * A topic seen partition by partition, with the personality each partition
 * carries (DESIGN §4.5: partition = personality index): its size and
 * leader, and how far a consumer group has read it.
 *
 * @module
 */
import type { Admin } from "@platformatic/kafka";
import { PERSONALITIES } from "../personalities/mod.ts";
import { committedOffsets, topicEndOffsets } from "./topic_end_offsets.ts";

/** One partition of {@linkcode topicLayout}. */
export interface PartitionLayout {
  partition: number;
  /** The personality of the partition's index. */
  personality: string;
  /** Node id of the leader broker. */
  leader: number;
  /** Number of replicas. */
  replicas: number;
  /** Messages stored: log end minus log start. */
  messages: number;
}

/** One partition of {@linkcode partitionLag}. */
export interface PartitionLag {
  partition: number;
  personality: string;
  /** The group's committed offset, `null` before its first commit. */
  committed: number | null;
  /** The log-end offset. */
  "log end": number;
  /** Messages the group still has to read (from the log start without a commit). */
  lag: number;
}

const personalityOf = (partition: number) =>
  PERSONALITIES[partition]?.name ?? "";

/**
 * The partitions of a topic: personality, leader, replicas, messages.
 *
 * @param admin A connected admin.
 * @param topic The topic.
 * @returns One row per partition, in partition order.
 */
export async function topicLayout(
  admin: Admin,
  topic: string,
): Promise<PartitionLayout[]> {
  const metadata = await admin.metadata({ topics: [topic], forceUpdate: true });
  const partitions = new Map(
    (metadata.topics.get(topic)?.partitions ?? []).map((p, i) => [i, p]),
  );
  return (await topicEndOffsets(admin, topic)).map((o) => ({
    partition: o.partition,
    personality: personalityOf(o.partition),
    leader: partitions.get(o.partition)?.leader ?? -1,
    replicas: partitions.get(o.partition)?.replicas.length ?? 0,
    messages: o.high - o.low,
  }));
}

/**
 * How far a consumer group has read each partition of a topic.
 *
 * @param admin A connected admin.
 * @param groupId The group.
 * @param topic The topic.
 * @returns One row per partition, in partition order.
 */
export async function partitionLag(
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<PartitionLag[]> {
  const committed = await committedOffsets(admin, groupId, topic);
  return (await topicEndOffsets(admin, topic)).map((o) => ({
    partition: o.partition,
    personality: personalityOf(o.partition),
    committed: committed.get(o.partition) ?? null,
    "log end": o.high,
    lag: o.high - (committed.get(o.partition) ?? o.low),
  }));
}
