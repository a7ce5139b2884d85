/**
 * The retry preset of the queue-service calls: the project's
 * {@linkcode withRetry} with SDK errors classified as
 * {@linkcode QueueServiceError}s and a final error that says how long it
 * tried.
 *
 * @module
 */
import { type RetryOptions, withRetry } from "../support/mod.ts";
import { QueueServiceError } from "./queue_errors.ts";
import { toQueueServiceError } from "./to_queue_service_error.ts";
import type { QueueErrorContext } from "./to_queue_service_error.ts";

/** Retry settings of the queue calls. */
export interface QueueRetryOptions {
  /**
   * Keep retrying a failing call for this long after its first failure;
   * then it is a persistent failure. Default 60,000 ms.
   */
  maxRetryMs?: number;
  /** First backoff delay. Default 100 ms. */
  startingDelayMs?: number;
  /** Largest backoff delay. Default 5,000 ms. */
  maxDelayMs?: number;
  /** Stops retrying (the last error is thrown) when aborted. */
  signal?: AbortSignal;
  /** Called before each retry, with the error and the attempt about to run. */
  onRetry?: (error: QueueServiceError, attempt: number) => void;
}

/**
 * Runs `call`, retrying retriable failures with backoff. Non-retriable
 * failures (and programmer errors) are thrown at once.
 *
 * @param call The request, e.g. `() => queue.sendMessage(text)`.
 * @param context Endpoint, queue and operation named in errors.
 * @param options Budget, delays, abort signal and a retry listener.
 * @returns What `call` returned.
 * @throws {QueueServiceError} When the failure is not retriable, the budget
 *   is spent (the message says for how long it tried), or `signal` aborts.
 */
export function withQueueRetry<T>(
  call: () => Promise<T>,
  context: QueueErrorContext,
  options: QueueRetryOptions = {},
): Promise<T> {
  const retry: RetryOptions<QueueServiceError> = {
    maxRetryMs: 60_000,
    maxDelayMs: 5_000,
    ...options,
    toError: (error) => toQueueServiceError(error, context),
    onGiveUp: (error, { attempts, elapsedMs }) =>
      new QueueServiceError(
        `${error.message}; gave up after ${attempts} attempts over ${
          Math.round(elapsedMs / 100) / 10
        } s`,
        {
          retriable: false,
          endpoint: error.endpoint,
          queue: error.queue,
          statusCode: error.statusCode,
          code: error.code,
          cause: error.cause,
        },
      ),
  };
  return withRetry(call, retry);
}
