/**
 * Retries a call with exponential backoff and full jitter
 * (`exponential-backoff`) while its failure is retriable and a time budget
 * lasts. The one retry mechanism of the project: the Kafka admin calls and
 * the queue-service calls are presets of it.
 *
 * @module
 */
import { backOff } from "exponential-backoff";

/** What {@linkcode RetryOptions.onGiveUp} is told. */
export interface GiveUp {
  /** Calls made, the failed last one included. */
  attempts: number;
  /** Milliseconds from the first failure to giving up. */
  elapsedMs: number;
}

/** Options of {@linkcode withRetry}. */
export interface RetryOptions<E = unknown> {
  /**
   * Whether a failure may succeed when retried. Default: the error has
   * `retriable: true` (kafkajs' and the queue errors' flag).
   */
  isRetriable?: (error: E) => boolean;
  /**
   * Turns what `call` threw into the error retried and thrown (e.g. an SDK
   * error into a domain error). `TypeError` and `RangeError` (programmer
   * errors) are never passed here nor retried. Default: unchanged.
   */
  toError?: (error: unknown) => E;
  /**
   * Keep retrying for this long after the first failure, in milliseconds.
   * Default 30,000.
   */
  maxRetryMs?: number;
  /** First backoff delay in milliseconds. Default 100. */
  startingDelayMs?: number;
  /** Largest backoff delay in milliseconds. Default 2,000. */
  maxDelayMs?: number;
  /** Stops retrying (the last error is thrown) when aborted. */
  signal?: AbortSignal;
  /** Called before each retry with the error and the attempt about to run. */
  onRetry?: (error: E, attempt: number) => void;
  /**
   * Called when a retriable failure outlasted the budget; returns what to
   * throw instead of the last error (e.g. one saying how long it tried).
   * Default: the last error is thrown.
   */
  onGiveUp?: (error: E, giveUp: GiveUp) => unknown;
}

/** The `retriable` flag kafkajs and the project's domain errors carry. */
export function hasRetriableFlag(error: unknown): boolean {
  return error instanceof Error &&
    (error as { retriable?: unknown }).retriable === true;
}

function isProgrammerError(error: unknown): boolean {
  return error instanceof TypeError || error instanceof RangeError;
}

/**
 * Runs `call`, retrying retriable failures with exponential backoff (full
 * jitter, doubling from `startingDelayMs` up to `maxDelayMs`) until
 * `maxRetryMs` has passed since the first failure. Programmer errors
 * (`TypeError`, `RangeError`) and non-retriable failures are thrown at
 * once.
 *
 * @param call The request, e.g. `() => admin.fetchOffsets({ groupId })`.
 * @param options What is retriable, the budget, delays, abort signal,
 *   listeners.
 * @returns What `call` returned.
 * @throws The last error (mapped by `toError`), or what `onGiveUp`
 *   returns when the budget is spent.
 *
 * @example Retry a kafkajs call that failed with "the coordinator is loading"
 * ```ts ignore
 * const offsets = await withRetry(() => admin.fetchOffsets({ groupId, topics }));
 * ```
 */
export async function withRetry<T, E = unknown>(
  call: () => Promise<T>,
  options: RetryOptions<E> = {},
): Promise<T> {
  const {
    isRetriable = hasRetriableFlag,
    toError = (error: unknown) => error as E,
    maxRetryMs = 30_000,
    startingDelayMs = 100,
    maxDelayMs = 2_000,
    signal,
    onRetry,
    onGiveUp,
  } = options;
  let firstFailureAt: number | undefined;
  let attempts = 0;
  let outOfBudget = false;
  try {
    return await backOff(async () => {
      attempts++;
      try {
        return await call();
      } catch (error) {
        throw isProgrammerError(error) ? error : toError(error);
      }
    }, {
      numOfAttempts: Number.MAX_SAFE_INTEGER,
      startingDelay: startingDelayMs,
      maxDelay: maxDelayMs,
      timeMultiple: 2,
      jitter: "full",
      retry: (error, attempt) => {
        firstFailureAt ??= Date.now();
        if (isProgrammerError(error) || !isRetriable(error as E)) return false;
        if (signal?.aborted) return false;
        if (Date.now() - firstFailureAt >= maxRetryMs) {
          outOfBudget = true;
          return false;
        }
        onRetry?.(error as E, attempt);
        return true;
      },
    });
  } catch (error) {
    if (!outOfBudget || !onGiveUp) throw error;
    throw onGiveUp(error as E, {
      attempts,
      elapsedMs: Date.now() - (firstFailureAt ?? Date.now()),
    });
  }
}
