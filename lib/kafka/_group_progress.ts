/**
 * The group's own progress towards a `once` target: when several members
 * share a consumer group, each reads only its partitions, so a member
 * learns that the others reached their ends from the offsets the group
 * committed.
 *
 * @module
 */
import type { Admin } from "@platformatic/kafka";
import type { KafkaClient } from "./create_kafka.ts";
import { committedOffsets, type EndOffsetTarget } from "./topic_end_offsets.ts";

/** Options of {@linkcode watchGroupProgress}. */
export interface WatchGroupProgressOptions {
  /** The consumer group. */
  groupId: string;
  /** The topic. */
  topic: string;
  /** The target to advance with the group's committed offsets. */
  target: EndOffsetTarget;
  /** Called once, when the target is complete. */
  onComplete: () => void;
  /** How often to read the committed offsets, in ms. Default 1,000. */
  intervalMs?: number;
}

/** A running {@linkcode watchGroupProgress}. */
export interface GroupProgressWatch {
  /** Stops watching and disconnects its admin client. */
  stop(): Promise<void>;
}

/**
 * Reads the group's committed offsets every `intervalMs` and advances the
 * target with them, so a member stops with `once` when the whole group —
 * not only its own partitions — has reached the captured end offsets.
 * A failed read is retried at the next tick (a broker that stays down
 * crashes the consumer itself).
 *
 * @param client The cluster.
 * @param options Group, topic, target and what to do when it is complete.
 * @returns A handle to stop watching.
 */
export function watchGroupProgress(
  client: KafkaClient,
  options: WatchGroupProgressOptions,
): GroupProgressWatch {
  const { groupId, topic, target, onComplete, intervalMs = 1_000 } = options;
  let admin: Admin | undefined;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let tick: Promise<void> = Promise.resolve();
  const check = async () => {
    try {
      admin ??= await client.connectAdmin();
      const committed = await committedOffsets(admin, groupId, topic);
      for (const [partition, offset] of committed) {
        target.advance(partition, offset);
      }
    } catch {
      // the next tick tries again
    }
    if (stopped) return;
    if (target.complete) onComplete();
    else timer = setTimeout(() => tick = check(), intervalMs);
  };
  timer = setTimeout(() => tick = check(), intervalMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await tick;
      await admin?.close().catch(() => {});
    },
  };
}
