/**
 * Consumer-group lag, like `kafka-consumer-groups.sh --describe --all-groups`
 * (the original's `check_kafka_consumers.sh`): per group, topic and
 * partition, the committed offset, the log-end offset, the lag, and the
 * member that owns the partition.
 *
 * @module
 */
import { type Admin, AssignerProtocol } from "kafkajs";
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
  const groupIds = options.groupId ? [options.groupId] : (await admin
    .listGroups()).groups
    .filter((g) => g.protocolType === "consumer" || g.protocolType === "")
    .map((g) => g.groupId);
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
        (await admin.fetchTopicOffsets(topic)).map((o) => [
          o.partition,
          Number(o.high),
        ]),
      );
      endOffsets.set(topic, ends);
    }
    return ends;
  };
  const { groups } = await withKafkaRetry(() => admin.describeGroups(groupIds));
  const rows: LagRow[] = [];
  for (const group of groups) {
    const owners = new Map<string, (typeof group.members)[number]>();
    for (const member of group.members) {
      if (!member.memberAssignment?.length) continue;
      const decoded = AssignerProtocol.MemberAssignment.decode(
        member.memberAssignment,
      );
      for (
        const [topic, partitions] of Object.entries(decoded?.assignment ?? {})
      ) {
        for (const partition of partitions) {
          owners.set(`${topic}:${partition}`, member);
        }
      }
    }
    const committed = await withKafkaRetry(() =>
      admin.fetchOffsets({ groupId: group.groupId, topics })
    );
    for (const { topic, partitions } of committed) {
      const hasCommit = partitions.some((p) => Number(p.offset) >= 0);
      const hasOwner = partitions.some((p) =>
        owners.has(`${topic}:${p.partition}`)
      );
      if (!hasCommit && !hasOwner) continue;
      const ends = await endOf(topic);
      for (const { partition, offset } of partitions) {
        const current = Number(offset) >= 0 ? Number(offset) : null;
        const end = ends.get(partition) ?? 0;
        const owner = owners.get(`${topic}:${partition}`);
        rows.push({
          group: group.groupId,
          topic,
          partition,
          currentOffset: current,
          logEndOffset: end,
          lag: current === null ? null : Math.max(0, end - current),
          consumerId: owner?.memberId ?? null,
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
