/**
 * Consumer-group lag, like `kafka-consumer-groups.sh --describe --all-groups`
 * (the original's `check_kafka_consumers.sh`): per group, topic and
 * partition, the committed offset, the log-end offset, the lag, and the
 * member that owns the partition.
 *
 * @module
 */
import type { Admin, GroupMember } from "@platformatic/kafka";
import { topicEndOffsets } from "./topic_end_offsets.ts";
import { withKafkaRetry } from "./with_kafka_retry.ts";

/** One row of the lag table. */
export interface LagRow {
  /** Consumer group id. */
  group: string;
  /** Topic. */
  topic: string;
  /** Partition. */
  partition: number;
  /** Committed offset (next to read), `null` when nothing is committed. */
  currentOffset: number | null;
  /** Log-end offset (high watermark). */
  logEndOffset: number;
  /** `logEndOffset - currentOffset`, `null` without a commit. */
  lag: number | null;
  /** Member id owning the partition, `null` when unassigned. */
  consumerId: string | null;
  /** That member's host, e.g. `/127.0.0.1`. */
  host: string | null;
  /** That member's client id. */
  clientId: string | null;
  /** The group's state: `Stable`, `Empty`, `PreparingRebalance`, … */
  state: string;
}

/** Options of {@linkcode describeConsumerLag}. */
export interface DescribeConsumerLagOptions {
  /** Only this group. Default: every consumer group. */
  groupId?: string;
  /** Only this topic. Default: every topic the groups use. */
  topic?: string;
}

/**
 * Describes the lag of consumer groups.
 *
 * @param admin A connected admin.
 * @param options One group and/or topic; default all.
 * @returns Rows ordered by group, topic, partition.
 *
 * @example
 * ```ts
 * const rows = await client.withAdmin((admin) => describeConsumerLag(admin));
 * ```
 */
export async function describeConsumerLag(
  admin: Admin,
  options: DescribeConsumerLagOptions = {},
): Promise<LagRow[]> {
  const groupIds = options.groupId
    ? [options.groupId]
    : [...(await withKafkaRetry(() => admin.listGroups())).values()]
      .filter((g) => g.protocolType === "consumer" || g.protocolType === "")
      .map((g) => g.id);
  if (groupIds.length === 0) return [];
  const allTopics = (await admin.listTopics())
    .filter((t) => !t.startsWith("__"));
  const topics = options.topic
    ? allTopics.filter((t) => t === options.topic)
    : allTopics;
  if (topics.length === 0) return [];
  const endOffsets = new Map<string, Map<number, number>>();
  const endOf = async (topic: string) => {
    let ends = endOffsets.get(topic);
    if (!ends) {
      ends = new Map(
        (await topicEndOffsets(admin, topic)).map((o) => [o.partition, o.high]),
      );
      endOffsets.set(topic, ends);
    }
    return ends;
  };
  const groups = await withKafkaRetry(() =>
    admin.describeGroups({ groups: groupIds })
  );
  const rows: LagRow[] = [];
  for (const group of groups.values()) {
    const owners = new Map<string, GroupMember>();
    for (const member of group.members.values()) {
      for (const { topic, partitions } of member.assignments?.values() ?? []) {
        for (const partition of partitions) {
          owners.set(`${topic}:${partition}`, member);
        }
      }
    }
    const committed = new Map<string, Map<number, number>>();
    const listed = await withKafkaRetry(() =>
      admin.listConsumerGroupOffsets({ groups: [group.id] })
    );
    for (const { name, partitions } of listed.flatMap((g) => g.topics)) {
      if (!topics.includes(name)) continue;
      const offsets = new Map<number, number>();
      for (const p of partitions) {
        offsets.set(p.partitionIndex, Number(p.committedOffset));
      }
      committed.set(name, offsets);
    }
    for (const topic of topics) {
      const commits = committed.get(topic) ?? new Map<number, number>();
      const hasCommit = [...commits.values()].some((o) => o >= 0);
      const hasOwner = [...owners.keys()].some((k) =>
        k.startsWith(`${topic}:`)
      );
      if (!hasCommit && !hasOwner) continue;
      const ends = await endOf(topic);
      for (const [partition, end] of ends) {
        const offset = commits.get(partition) ?? -1;
        const current = offset >= 0 ? offset : null;
        const owner = owners.get(`${topic}:${partition}`);
        rows.push({
          group: group.id,
          topic,
          partition,
          currentOffset: current,
          logEndOffset: end,
          lag: current === null ? null : Math.max(0, end - current),
          consumerId: owner?.id ?? null,
          host: owner?.clientHost ?? null,
          clientId: owner?.clientId ?? null,
          state: group.state,
        });
      }
    }
  }
  return rows.sort((a, b) =>
    a.group < b.group
      ? -1
      : a.group > b.group
      ? 1
      : a.topic < b.topic
      ? -1
      : a.topic > b.topic
      ? 1
      : a.partition - b.partition
  );
}
