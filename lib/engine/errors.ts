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
