/**
 * Retries a queue-service call with exponential backoff and full jitter
 * (`exponential-backoff`) while the failure is retriable and the retry
 * budget lasts.
 *
 * @module
 */
import { backOff } from "exponential-backoff";
import { QueueServiceError } from "./queue_errors.ts";
import { toQueueServiceError } from "./to_queue_service_error.ts";
import type { QueueErrorContext } from "./to_queue_service_error.ts";

/** Retry settings. */
export interface RetryOptions {
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
export async function withRetry<T>(
  call: () => Promise<T>,
  context: QueueErrorContext,
  options: RetryOptions = {},
): Promise<T> {
  const {
    maxRetryMs = 60_000,
    startingDelayMs = 100,
    maxDelayMs = 5_000,
    signal,
    onRetry,
  } = options;
  let firstFailureAt: number | undefined;
  let attempts = 0;
  try {
    return await backOff(async () => {
      attempts++;
      try {
        return await call();
      } catch (error) {
        if (error instanceof TypeError || error instanceof RangeError) {
          throw error;
        }
        throw toQueueServiceError(error, context);
      }
    }, {
      numOfAttempts: Number.MAX_SAFE_INTEGER,
      startingDelay: startingDelayMs,
      maxDelay: maxDelayMs,
      timeMultiple: 2,
      jitter: "full",
      retry: (error, attempt) => {
        firstFailureAt ??= Date.now();
        if (!(error instanceof QueueServiceError) || !error.retriable) {
          return false;
        }
        if (signal?.aborted) return false;
        if (Date.now() - firstFailureAt >= maxRetryMs) return false;
        onRetry?.(error, attempt);
        return true;
      },
    });
  } catch (error) {
    if (
      error instanceof QueueServiceError && error.retriable && !signal?.aborted
    ) {
      throw new QueueServiceError(
        `${error.message}; gave up after ${attempts} attempts over ${
          Math.round((Date.now() - (firstFailureAt ?? Date.now())) / 100) / 10
        } s`,
        {
          retriable: false,
          endpoint: error.endpoint,
          queue: error.queue,
          statusCode: error.statusCode,
          code: error.code,
          cause: error.cause,
        },
      );
    }
    throw error;
  }
}
