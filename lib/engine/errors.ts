/**
 * Errors of the engine that callers catch: checkpoints that cannot be
 * resumed, and a Kafka source whose consumer group is shared.
 *
 * @module
 */

/** A checkpoint directory that cannot be resumed. */
export class CheckpointError extends Error {
  /** The checkpoint directory. */
  readonly directory: string;
  /** Creates the error. */
  constructor(message: string, directory: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "CheckpointError";
    this.directory = directory;
  }
}

/**
 * The checkpoint's files are damaged: unreadable JSON, a missing data
 * file, or a data file whose SHA-256 differs from the one recorded.
 */
export class CorruptCheckpointError extends CheckpointError {
  /** Creates the error. */
  constructor(message: string, directory: string, options?: ErrorOptions) {
    super(message, directory, options);
    this.name = "CorruptCheckpointError";
  }
}

/**
 * The checkpoint was written by different queries (another definition,
 * another source, or another set of queries); resuming would mix results.
 * Use a new checkpoint directory, or delete this one to start over.
 */
export class IncompatibleCheckpointError extends CheckpointError {
  /** Creates the error. */
  constructor(message: string, directory: string, options?: ErrorOptions) {
    super(message, directory, options);
    this.name = "IncompatibleCheckpointError";
  }
}

/**
 * Another consumer joined the Kafka source's consumer group, so the group
 * gave part of the topic's partitions to it. A stream's results need every
 * partition (windows and rankings span them all), so the source stops
 * instead of producing partial tables. Give each stream its own group.
 */
export class SharedConsumerGroupError extends Error {
  /** The consumer group. */
  readonly groupId: string;
  /** The topic. */
  readonly topic: string;
  /** The partitions this source was left with, ascending. */
  readonly assigned: readonly number[];

  /**
   * Creates the error.
   *
   * @param groupId The consumer group.
   * @param topic The topic.
   * @param assigned The partitions still assigned to this source.
   * @param total How many partitions the topic has.
   */
  constructor(
    groupId: string,
    topic: string,
    assigned: readonly number[],
    total: number,
  ) {
    super(
      `another consumer joined group "${groupId}" and took partitions of ` +
        `"${topic}" (this stream was left with ${assigned.length} of ` +
        `${total}); a stream needs every partition: stop the other ` +
        `consumer or give this stream its own group (--group)`,
    );
    this.name = "SharedConsumerGroupError";
    this.groupId = groupId;
    this.topic = topic;
    this.assigned = assigned;
  }
}
