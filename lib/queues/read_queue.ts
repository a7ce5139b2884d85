/**
 * Reads a personality's queue and computes its statistics: `peek` leaves
 * the queue untouched (the service shows at most 32 messages that way);
 * `drain` receives every message, processes it, then deletes it, counting
 * each record once even when redelivery duplicated it.
 *
 * @module
 */
import type { QueueClient } from "@azure/storage-queue";
import { Instrumentation } from "../support/mod.ts";
import type { QueueService } from "./connect_queue_service.ts";
import { decodeQueueMessage, ForeignMessageError } from "./queue_message.ts";
import type { QueueEvents } from "./queue_events.ts";
import {
  DEFAULT_QUEUE_PREFIX,
  poisonQueueName,
  queueName,
} from "./queue_name.ts";
import { QueueServiceError } from "./queue_errors.ts";
import { PersonalityStatisticsBuilder } from "./personality_statistics.ts";
import type {
  PersonalityStatistics,
  PersonalityStatisticsOptions,
} from "./personality_statistics.ts";
import { recordId } from "./record_id.ts";
import { withQueueRetry } from "./with_queue_retry.ts";
import type { QueueRetryOptions } from "./with_queue_retry.ts";

/** How a queue is read. */
export type ReadMode = "peek" | "drain";

/** What a drain does with a message that is not ours. */
export type ForeignAction = "poison" | "leave";

/** Most messages one peek or receive returns (service limit). */
export const MAX_MESSAGES_PER_RECEIVE = 32;

/** Options of {@linkcode readQueue}. */
export interface ReadQueueOptions
  extends PersonalityStatisticsOptions, Omit<QueueRetryOptions, "onRetry"> {
  /** Queue name prefix. Default `"wrapped-"`. */
  prefix?: string;
  /** `peek` (default) or `drain`. */
  mode?: ReadMode;
  /**
   * Drain only: move foreign messages to `<queue>-poison` (default
   * `"poison"`) or leave them in place, visible again when the drain ends.
   */
  foreign?: ForeignAction;
  /** Drain only: parallel receivers. Default 4. */
  receivers?: number;
  /**
   * Drain only: how long a received message stays hidden while it is
   * processed. Default 300 s.
   */
  visibilityTimeoutSeconds?: number;
  /** Receives `queues.foreign_message` and `dispatch.retry`. */
  events?: Instrumentation<QueueEvents>;
  /** Called after each received batch with messages read so far. */
  onProgress?: (messagesRead: number) => void;
}

/** A message that is not ours, as reported. */
export interface ForeignMessage {
  /** The service's message id. */
  messageId: string;
  /** Why it is not ours. */
  reason: string;
}

/** What reading one queue found. */
export interface QueueReport {
  /** The personality. */
  personality: string;
  /** The queue. */
  queue: string;
  /** How it was read. */
  mode: ReadMode;
  /** `false` when the queue does not exist (everything else is 0). */
  exists: boolean;
  /** The service's approximate message count before reading. */
  approximateMessages: number;
  /** Messages read (peeked or received). */
  messagesRead: number;
  /** Records in those messages, duplicates included. */
  recordsRead: number;
  /** Records dropped as duplicates (same record id seen before). */
  duplicates: number;
  /** Messages that are not ours. */
  foreign: ForeignMessage[];
  /** Foreign messages moved to the poison queue (drain only). */
  movedToPoison: number;
  /** Statistics over distinct records. */
  statistics: PersonalityStatistics;
}

function isNotFound(error: unknown): boolean {
  return error instanceof QueueServiceError && error.statusCode === 404;
}

/**
 * Reads one personality's queue.
 *
 * @param service A connected queue service.
 * @param personality One of the 16 names.
 * @param options Mode, foreign-message handling, prefix, retries.
 * @returns The report with statistics over distinct records.
 * @throws {RangeError} For an unknown personality or invalid prefix.
 * @throws {QueueServiceError} When the service fails persistently.
 */
export async function readQueue(
  service: QueueService,
  personality: string,
  options: ReadQueueOptions = {},
): Promise<QueueReport> {
  const {
    prefix = DEFAULT_QUEUE_PREFIX,
    mode = "peek",
    foreign = "poison",
    receivers = 4,
    visibilityTimeoutSeconds = 300,
    events = new Instrumentation<QueueEvents>(),
    onProgress,
    topN,
    ...retryOptions
  } = options;
  const queue = queueName(personality, { prefix });
  const poison = poisonQueueName(personality, { prefix });
  const { endpoint } = service;
  const client = service.client.getQueueClient(queue);
  const retry: QueueRetryOptions = {
    ...retryOptions,
    onRetry: (error, attempt) =>
      events.emit("dispatch.retry", {
        queue,
        attempt,
        error: error.message,
        endpoint,
      }),
  };
  const call = <T>(operation: string, fn: () => Promise<T>) =>
    withQueueRetry(fn, { endpoint, queue, operation }, retry);

  const builder = new PersonalityStatisticsBuilder(personality, { topN });
  const report: QueueReport = {
    personality,
    queue,
    mode,
    exists: true,
    approximateMessages: 0,
    messagesRead: 0,
    recordsRead: 0,
    duplicates: 0,
    foreign: [],
    movedToPoison: 0,
    statistics: builder.result(),
  };
  try {
    const properties = await call(
      "read the queue's properties",
      () => client.getProperties(),
    );
    report.approximateMessages = properties.approximateMessagesCount ?? 0;
  } catch (error) {
    if (isNotFound(error)) return { ...report, exists: false };
    throw error;
  }

  const seen = new Set<string>();
  /** Processes a message text; returns the reason when it is foreign. */
  const handle = (messageId: string, text: string): string | undefined => {
    report.messagesRead++;
    try {
      const body = decodeQueueMessage(text, personality);
      for (const record of body.records) {
        report.recordsRead++;
        const id = recordId(record);
        if (seen.has(id)) {
          report.duplicates++;
          continue;
        }
        seen.add(id);
        builder.add(record);
      }
      return undefined;
    } catch (error) {
      if (!(error instanceof ForeignMessageError)) throw error;
      report.foreign.push({ messageId, reason: error.reason });
      return error.reason;
    }
  };

  if (mode === "peek") {
    const peeked = await call(
      "peek messages",
      () => client.peekMessages({ numberOfMessages: MAX_MESSAGES_PER_RECEIVE }),
    );
    for (const item of peeked.peekedMessageItems) {
      const reason = handle(item.messageId, item.messageText);
      if (reason !== undefined) {
        events.emit("queues.foreign_message", {
          queue,
          messageId: item.messageId,
          reason,
          action: "left",
        });
      }
    }
    onProgress?.(report.messagesRead);
    return { ...report, statistics: builder.result() };
  }

  let poisonClient: Promise<QueueClient> | undefined;
  const ensurePoison = () =>
    poisonClient ??= (async () => {
      const c = service.client.getQueueClient(poison);
      await withQueueRetry(
        () => c.createIfNotExists(),
        { endpoint, queue: poison, operation: "create the poison queue" },
        retry,
      );
      return c;
    })();
  const left: { messageId: string; popReceipt: string }[] = [];
  const remove = async (messageId: string, popReceipt: string) => {
    try {
      await call(
        "delete a message",
        () => client.deleteMessage(messageId, popReceipt),
      );
    } catch (error) {
      // Gone already or leased again after its visibility timeout: a later
      // receive sees it again and the record ids drop the duplicates.
      if (!isNotFound(error)) throw error;
    }
  };

  const receiver = async () => {
    while (true) {
      const received = await call(
        "receive messages",
        () =>
          client.receiveMessages({
            numberOfMessages: MAX_MESSAGES_PER_RECEIVE,
            visibilityTimeout: visibilityTimeoutSeconds,
          }),
      );
      const items = received.receivedMessageItems;
      if (items.length === 0) return;
      await Promise.all(items.map(async (item) => {
        const reason = handle(item.messageId, item.messageText);
        if (reason === undefined) {
          await remove(item.messageId, item.popReceipt);
          return;
        }
        if (foreign === "poison") {
          const target = await ensurePoison();
          await withQueueRetry(
            () => target.sendMessage(item.messageText),
            { endpoint, queue: poison, operation: "move a message" },
            retry,
          );
          await remove(item.messageId, item.popReceipt);
          report.movedToPoison++;
        } else {
          left.push({ messageId: item.messageId, popReceipt: item.popReceipt });
        }
        events.emit("queues.foreign_message", {
          queue,
          messageId: item.messageId,
          reason,
          action: foreign === "poison" ? "moved" : "left",
        });
      }));
      onProgress?.(report.messagesRead);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, receivers) }, receiver));
  // Make messages that were left in place visible again right away.
  for (const { messageId, popReceipt } of left) {
    await call(
      "release a foreign message",
      () => client.updateMessage(messageId, popReceipt, undefined, 0),
    );
  }
  return { ...report, statistics: builder.result() };
}
