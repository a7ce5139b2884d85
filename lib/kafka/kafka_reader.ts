/**
 * The one Kafka consumer of this project (`@platformatic/kafka`), in two
 * modes: partitions assigned explicitly with positions given by the caller
 * (no group; the stream engine keeps its own checkpoints), or membership of
 * a consumer group with static membership (a stable `group.instance.id`, so
 * a restarted member takes its partitions back at once). Either way the
 * caller polls raw messages and says what to commit.
 *
 * @module
 */
import { Admin, Consumer } from "@platformatic/kafka";
import type { KafkaClient } from "./create_kafka.ts";
import { DEFAULT_TOPIC } from "./ensure_topic.ts";
import {
  type FetcherSettings,
  PartitionFetcher,
  type ReaderMessage,
} from "./_partition_fetcher.ts";

export type { ReaderMessage } from "./_partition_fetcher.ts";

/** Group membership of a {@linkcode KafkaReader}. */
export interface ReaderGroup {
  /** The consumer group. */
  groupId: string;
  /**
   * Static membership: a stable id per process (e.g. `dispatch-1`). A
   * member restarted with the same id gets its partitions back without a
   * rebalance. Default: dynamic membership.
   */
  instanceId?: string;
  /** Where partitions without committed offsets start. Default `"earliest"`. */
  startAt?: "earliest" | "latest";
  /** Session timeout in ms (how long a silent member keeps its partitions). Default 10,000. */
  sessionTimeoutMs?: number;
  /** Told each time the group assigns this member its partitions. */
  onAssigned?: (partitions: number[]) => void;
}

/** Options of {@linkcode openKafkaReader}: exactly one of `assign` and `group`. */
export interface KafkaReaderOptions {
  /** The topic. Default {@linkcode DEFAULT_TOPIC}. */
  topic?: string;
  /** Explicit assignment: partition → next offset to read. */
  assign?: ReadonlyMap<number, number>;
  /** Group membership. */
  group?: ReaderGroup;
  /** In assign mode, the group `commit()` stores offsets for (no membership). */
  commitGroupId?: string;
  /** Fetching pauses while this many messages wait. Default 100,000. */
  maxBuffered?: number;
  /** Bytes asked per partition per fetch. Default 4 MiB. */
  maxBytesPerPartition?: number;
  /** How long the broker may hold a fetch with nothing new. Default 500 ms. */
  maxWaitMs?: number;
}

/** A reader made by {@linkcode openKafkaReader}. */
export interface KafkaReader {
  /** The topic. */
  readonly topic: string;
  /** The group, in group mode. */
  readonly groupId: string | undefined;
  /** The partitions this reader reads now (sorted). */
  partitions(): number[];
  /** Partition → offset after the last message handed out (what to commit). */
  positions(): Map<number, number>;
  /** Partition → latest high watermark seen by a fetch. */
  highWatermarks(): Map<number, number>;
  /**
   * Wall-clock ms of the last fetch the broker answered (0 before any):
   * how fresh {@linkcode highWatermarks} is.
   */
  lastFetchMs(): number;
  /** Partition → end offset now (asks the broker), for this reader's partitions. */
  endOffsets(): Promise<Map<number, number>>;
  /**
   * Up to `max` raw messages, in offset order per partition; waits up to
   * `waitMs` when none are buffered.
   */
  poll(max: number, waitMs: number): Promise<ReaderMessage[]>;
  /**
   * Commits offsets (partition → next offset) to the group; in group mode
   * only partitions this member still owns are committed.
   *
   * @returns The partitions committed.
   */
  commit(offsets: ReadonlyMap<number, number>): Promise<number[]>;
  /** Stops fetching and leaves the group. */
  close(): Promise<void>;
}

const EARLIEST = -2n;
const LATEST = -1n;

/**
 * Opens a reader of one topic, in assign or group mode.
 *
 * @param client The cluster.
 * @param options Topic and mode.
 * @returns The reader, fetching.
 * @throws {TypeError} Without exactly one of `assign` and `group`.
 * @throws {BrokerUnreachableError} When no broker answers.
 *
 * @example Read partitions 0 and 1 from offsets 0 and 10
 * ```ts
 * const reader = await openKafkaReader(createKafka(), {
 *   assign: new Map([[0, 0], [1, 10]]),
 * });
 * const messages = await reader.poll(1000, 500);
 * await reader.close();
 * ```
 */
export async function openKafkaReader(
  client: KafkaClient,
  options: KafkaReaderOptions,
): Promise<KafkaReader> {
  const { topic = DEFAULT_TOPIC, assign, group } = options;
  if ((assign === undefined) === (group === undefined)) {
    throw new TypeError(
      "openKafkaReader() needs exactly one of `assign` and `group`",
    );
  }
  if (group && (typeof group.groupId !== "string" || group.groupId === "")) {
    throw new TypeError(
      `openKafkaReader() needs a groupId: got ${JSON.stringify(group.groupId)}`,
    );
  }
  const consumer = new Consumer({
    ...client.options,
    groupId: group?.groupId ?? options.commitGroupId ??
      `${client.config.clientId}-reader`,
    ...(group?.instanceId ? { groupInstanceId: group.instanceId } : {}),
    sessionTimeout: group?.sessionTimeoutMs ?? 10_000,
    heartbeatInterval: Math.max(
      500,
      Math.floor((group?.sessionTimeoutMs ?? 10_000) / 5),
    ),
  });
  const settings: FetcherSettings = {
    maxBuffered: options.maxBuffered ?? 100_000,
    maxBytesPerPartition: options.maxBytesPerPartition ?? 4 * 1024 * 1024,
    maxWaitMs: options.maxWaitMs ?? 500,
  };
  const fetcher = new PartitionFetcher(consumer, topic, settings);
  try {
    if (assign) {
      await checkPartitions(consumer, topic, [...assign.keys()]);
      fetcher.assign(assign);
    } else {
      await joinGroup(consumer, fetcher, topic, group!);
    }
  } catch (error) {
    fetcher.close();
    await consumer.close(true).catch(() => {});
    throw client.describeFailure(error);
  }
  // What this reader committed, per partition: re-asserted on close
  const committedHere = new Map<number, number>();
  return {
    topic,
    groupId: group?.groupId ?? options.commitGroupId,
    partitions: () => fetcher.partitions(),
    positions: () => fetcher.positions(),
    highWatermarks: () => fetcher.highWatermarks(),
    lastFetchMs: () => fetcher.answeredAtMs(),
    async endOffsets() {
      const partitions = fetcher.partitions();
      if (partitions.length === 0) return new Map();
      try {
        const ends = await consumer.listOffsets({
          topics: [topic],
          partitions: { [topic]: partitions },
          timestamp: LATEST,
        });
        const list = ends.get(topic) ?? [];
        return new Map(partitions.map((p) => [p, Number(list[p] ?? 0n)]));
      } catch (error) {
        throw client.describeFailure(error);
      }
    },
    async poll(max, waitMs) {
      try {
        return await fetcher.take(max, waitMs);
      } catch (error) {
        throw client.describeFailure(error);
      }
    },
    async commit(offsets) {
      const owned = new Set(fetcher.partitions());
      const list = [...offsets]
        .filter(([partition]) => !group || owned.has(partition))
        .map(([partition, offset]) => ({
          topic,
          partition,
          offset: BigInt(offset),
          leaderEpoch: -1,
        }));
      if (list.length === 0) return [];
      if (!group && !options.commitGroupId) {
        throw new TypeError(
          "commit() in assign mode needs the reader's `commitGroupId`",
        );
      }
      try {
        if (group) await consumer.commit({ offsets: list });
        else await commitAsStandalone(client, consumer.groupId, list);
      } catch (error) {
        throw client.describeFailure(error);
      }
      for (const o of list) committedHere.set(o.partition, Number(o.offset));
      return list.map((o) => o.partition);
    },
    async close() {
      fetcher.close();
      await settledWithin(CLOSE_WAIT_MS, async () => {
        if (group) await recommitOwned(consumer, topic, fetcher, committedHere);
        await consumer.close(true);
      });
    },
  };
}

/** How long `close()` waits for the client to leave the group. */
const CLOSE_WAIT_MS = 10_000;

/**
 * Runs `work`, ignoring its failure, and returns when it settles or after
 * `ms`, whichever comes first. The client's close can leave a promise that
 * never settles when the connection drops during a rebalance (seen as
 * Deno's "Promise resolution is still pending but the event loop has
 * already resolved"); leaving a group is best effort, the broker expires
 * the member anyway.
 */
async function settledWithin(
  ms: number,
  work: () => Promise<void>,
): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([work().catch(() => {}), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Commits again, before leaving the group, what this member committed for
 * the partitions it still owns (commit on close). The client retries a
 * commit that met a rebalance under the new generation, for partitions
 * that may have moved to another member meanwhile; such a stale commit can
 * move the new owner's offset back. The owner's own last commit, made
 * again as it leaves, puts it where the owner acknowledged it. Failures
 * are ignored: the commits already made stand.
 */
async function recommitOwned(
  consumer: Consumer,
  topic: string,
  fetcher: PartitionFetcher,
  committed: ReadonlyMap<number, number>,
): Promise<void> {
  const offsets = fetcher.partitions()
    .filter((p) => committed.has(p))
    .map((partition) => ({
      topic,
      partition,
      offset: BigInt(committed.get(partition)!),
      leaderEpoch: -1,
    }));
  if (offsets.length === 0) return;
  await consumer.commit({ offsets }).catch(() => {});
}

async function checkPartitions(
  consumer: Consumer,
  topic: string,
  partitions: number[],
): Promise<number> {
  const metadata = await consumer.metadata({ topics: [topic] });
  const count = metadata.topics.get(topic)?.partitionsCount ?? 0;
  const missing = partitions.filter((p) =>
    !Number.isInteger(p) || p < 0 || p >= count
  );
  if (missing.length > 0) {
    throw new RangeError(
      `topic ${JSON.stringify(topic)} has ${count} partitions: no partition ${
        missing.join(", ")
      }`,
    );
  }
  return count;
}

async function joinGroup(
  consumer: Consumer,
  fetcher: PartitionFetcher,
  topic: string,
  group: ReaderGroup,
): Promise<void> {
  await checkPartitions(consumer, topic, []);
  let assigning = Promise.resolve();
  const onJoin = (
    payload: { assignments?: { topic: string; partitions: number[] }[] },
  ) => {
    const partitions = payload.assignments?.find((a) => a.topic === topic)
      ?.partitions ?? [];
    assigning = assigning.then(() =>
      startPositions(consumer, fetcher, topic, partitions, group)
    ).then((positions) => {
      fetcher.assign(positions);
      group.onAssigned?.([...positions.keys()].sort((a, b) => a - b));
    });
  };
  consumer.on("consumer:group:join", onJoin);
  consumer.topics.track(topic);
  await consumer.joinGroup({});
  await assigning;
}

/** Kept positions for partitions still owned; committed (or the fallback) for new ones. */
async function startPositions(
  consumer: Consumer,
  fetcher: PartitionFetcher,
  topic: string,
  partitions: number[],
  group: ReaderGroup,
): Promise<Map<number, number>> {
  const kept = fetcher.positions();
  const result = new Map<number, number>();
  const fresh = partitions.filter((p) => !kept.has(p));
  for (const p of partitions) if (kept.has(p)) result.set(p, kept.get(p)!);
  if (fresh.length === 0) return result;
  const committed = await consumer.listCommittedOffsets({
    topics: [{ topic, partitions: fresh }],
  });
  const offsets = committed.get(topic) ?? [];
  const missing: number[] = [];
  for (const p of fresh) {
    const offset = offsets[p] ?? -1n;
    if (offset >= 0n) result.set(p, Number(offset));
    else missing.push(p);
  }
  if (missing.length > 0) {
    const ends = await consumer.listOffsets({
      topics: [topic],
      partitions: { [topic]: missing },
      timestamp: group.startAt === "latest" ? LATEST : EARLIEST,
    });
    const list = ends.get(topic) ?? [];
    for (const p of missing) result.set(p, Number(list[p] ?? 0n));
  }
  return result;
}

async function commitAsStandalone(
  client: KafkaClient,
  groupId: string,
  offsets: { topic: string; partition: number; offset: bigint }[],
): Promise<void> {
  const admin = new Admin(client.options);
  try {
    await admin.alterConsumerGroupOffsets({
      groupId,
      topics: [{
        name: offsets[0].topic,
        partitionOffsets: offsets.map((o) => ({
          partition: o.partition,
          offset: o.offset,
        })),
      }],
    });
  } finally {
    await admin.close();
  }
}
