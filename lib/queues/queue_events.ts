/**
 * Instrumentation events of the queue layer (`dispatch.*`, `queues.*`).
 *
 * @module
 */

/** Event names and payloads; subscribe with `Instrumentation.on`. */
export interface QueueEvents {
  /** A failing request will be tried again after a backoff delay. */
  "dispatch.retry": {
    queue?: string;
    attempt: number;
    error: string;
    endpoint: string;
  };
  /** A queue was created (or found) before its first send. */
  "dispatch.queue_ready": { queue: string };
  /** All messages of a source batch were accepted by the service. */
  "dispatch.batch_stored": { records: number; messages: number };
  /**
   * A stored batch is sent again: the service restarted before it was
   * certainly saved.
   */
  "dispatch.resent": { records: number; reason: string };
  /** A source batch was committed (after it and all before it were stored). */
  "dispatch.committed": { records: number; committedRecords: number };
  /** A message that is not ours was found while reading a queue. */
  "queues.foreign_message": {
    queue: string;
    messageId: string;
    reason: string;
    action: "moved" | "left";
  };
}
