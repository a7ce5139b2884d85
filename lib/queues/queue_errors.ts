/**
 * The errors callers of the queue layer catch: a failing queue service
 * (with `retriable`, the endpoint and queue) and a stopped dispatch.
 *
 * @module
 */

/** Fields of a {@linkcode QueueServiceError}. */
export interface QueueServiceErrorFields {
  /** Whether trying again may succeed (network error, 5xx, 429, 408). */
  retriable: boolean;
  /** The queue endpoint, without query string or credentials. */
  endpoint: string;
  /** The queue involved, if any. */
  queue?: string;
  /** HTTP status, when the service answered. */
  statusCode?: number;
  /** The service's or the network's error code (`AuthenticationFailed`, `ECONNREFUSED`). */
  code?: string;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * A request to the queue service failed. The message names the endpoint
 * and never contains credentials.
 */
export class QueueServiceError extends Error {
  /** Whether trying again may succeed. */
  readonly retriable: boolean;
  /** The queue endpoint. */
  readonly endpoint: string;
  /** The queue involved, if any. */
  readonly queue?: string;
  /** HTTP status, when the service answered. */
  readonly statusCode?: number;
  /** Error code of the service or network. */
  readonly code?: string;
  /** Creates the error. */
  constructor(message: string, fields: QueueServiceErrorFields) {
    super(message, { cause: fields.cause });
    this.name = "QueueServiceError";
    this.retriable = fields.retriable;
    this.endpoint = fields.endpoint;
    this.queue = fields.queue;
    this.statusCode = fields.statusCode;
    this.code = fields.code;
  }
}

/** Fields of a {@linkcode DispatchError}. */
export interface DispatchErrorFields {
  /** Records whose source offsets were committed before the stop. */
  committedRecords: number;
  /** The failure that stopped the dispatch. */
  cause: unknown;
}

/**
 * Dispatch stopped on a persistent failure. Nothing past what the queue
 * service had accepted was committed.
 */
export class DispatchError extends Error {
  /** Records committed (and so stored) before the stop. */
  readonly committedRecords: number;
  /** Creates the error. */
  constructor(message: string, fields: DispatchErrorFields) {
    super(message, { cause: fields.cause });
    this.name = "DispatchError";
    this.committedRecords = fields.committedRecords;
  }
}
