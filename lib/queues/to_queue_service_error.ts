/**
 * Turns an error of the Azure SDK into a {@linkcode QueueServiceError} that
 * says what failed, where, and whether retrying can help.
 *
 * @module
 */
import { redactSecrets } from "./connect_queue_service.ts";
import { QueueServiceError } from "./queue_errors.ts";

/** Where an error happened. */
export interface QueueErrorContext {
  /** The printable endpoint. */
  endpoint: string;
  /** The queue, if any. */
  queue?: string;
  /** What was being done, e.g. `"send a message"`. */
  operation: string;
}

const RETRIABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Classifies an error: network failures, timeouts and 408/429/5xx are
 * retriable; other HTTP answers (400 invalid name, 403 authentication,
 * 413 too large, 404) are not. A `QueueServiceError` passes through.
 *
 * @param error What the SDK threw.
 * @param context Endpoint, queue and operation for the message.
 * @returns The classified error (its message holds no secrets).
 */
export function toQueueServiceError(
  error: unknown,
  context: QueueErrorContext,
): QueueServiceError {
  if (error instanceof QueueServiceError) return error;
  const { endpoint, queue, operation } = context;
  const fields = error as { statusCode?: unknown; code?: unknown };
  const statusCode = typeof fields?.statusCode === "number"
    ? fields.statusCode
    : undefined;
  const code = typeof fields?.code === "string" ? fields.code : undefined;
  const where = queue ? `queue ${queue} at ${endpoint}` : endpoint;
  const detail = redactSecrets(
    error instanceof Error ? error.message : String(error),
  );
  let message: string;
  let retriable: boolean;
  if (statusCode === undefined) {
    retriable = true;
    message =
      `cannot ${operation}: Azure Queue service at ${endpoint} is unreachable (${
        code ?? "network error"
      }: ${detail})`;
  } else {
    retriable = RETRIABLE_STATUS.has(statusCode);
    const hint = statusCode === 403
      ? " — check the account name and key of the connection string"
      : "";
    message = `cannot ${operation} (${where}): HTTP ${statusCode} ${
      code ?? ""
    }${hint}`.replace(" )", ")");
  }
  return new QueueServiceError(message.trimEnd(), {
    retriable,
    endpoint,
    queue,
    statusCode,
    code,
    cause: error,
  });
}
