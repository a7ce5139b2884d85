/**
 * Empties the personality queues of a prefix (the ones that exist), so a
 * run starts from empty queues.
 *
 * @module
 */
import { PERSONALITY_NAMES } from "../personalities/mod.ts";
import type { QueueService } from "./connect_queue_service.ts";
import { DEFAULT_QUEUE_PREFIX, queueName } from "./queue_name.ts";

/** Options of {@linkcode clearQueues}. */
export interface ClearQueuesOptions {
  /** Queue name prefix. Default `"wrapped-"`. */
  prefix?: string;
  /** Personalities whose queues are cleared. Default all 16. */
  personalities?: readonly string[];
}

/**
 * Deletes every message of each personality queue that exists.
 *
 * @param service The queue service.
 * @param options Prefix and personalities.
 * @returns The number of queues that existed and were cleared.
 */
export async function clearQueues(
  service: QueueService,
  options: ClearQueuesOptions = {},
): Promise<number> {
  const { prefix = DEFAULT_QUEUE_PREFIX, personalities = PERSONALITY_NAMES } =
    options;
  let cleared = 0;
  for (const personality of personalities) {
    const queue = service.client.getQueueClient(
      queueName(personality, { prefix }),
    );
    if (await queue.exists()) {
      await queue.clearMessages();
      cleared++;
    }
  }
  return cleared;
}
