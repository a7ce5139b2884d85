/**
 * Reads several personality queues (default all 16) and reports each one's
 * statistics.
 *
 * @module
 */
import pLimit from "p-limit";
import { PERSONALITY_NAMES } from "../personalities/mod.ts";
import type { QueueService } from "./connect_queue_service.ts";
import { readQueue } from "./read_queue.ts";
import type { QueueReport, ReadQueueOptions } from "./read_queue.ts";

/** Options of {@linkcode queueStatistics}. */
export interface QueueStatisticsOptions extends ReadQueueOptions {
  /** Personalities to read. Default all 16. */
  personalities?: readonly string[];
  /** Queues read at once. Default 4. */
  parallelQueues?: number;
}

/**
 * Reads each personality's queue with {@linkcode readQueue}.
 *
 * @param service A connected queue service.
 * @param options Which personalities, how (peek/drain), and read options.
 * @returns One report per personality, in the order asked.
 * @throws {RangeError} For an unknown personality.
 * @throws {QueueServiceError} When the service fails persistently.
 */
export async function queueStatistics(
  service: QueueService,
  options: QueueStatisticsOptions = {},
): Promise<QueueReport[]> {
  const {
    personalities = PERSONALITY_NAMES,
    parallelQueues = 4,
    ...readOptions
  } = options;
  const limit = pLimit(Math.max(1, parallelQueues));
  return await Promise.all(
    personalities.map((personality) =>
      limit(() => readQueue(service, personality, readOptions))
    ),
  );
}
