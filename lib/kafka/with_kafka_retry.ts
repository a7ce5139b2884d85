/**
 * Retries for the Kafka calls that do not retry long enough by themselves —
 * the admin's group requests (`listConsumerGroupOffsets`, `describeGroups`)
 * and offsets while leadership moves. A broker that
 * has just started answers them with "the coordinator is loading" until it
 * has read its `__consumer_offsets` partitions. A preset of the project's
 * {@linkcode withRetry}.
 *
 * @module
 */
import { hasRetriableFlag, withRetry } from "../support/mod.ts";

/** Options of {@linkcode withKafkaRetry}. */
export interface KafkaRetryOptions {
  /**
   * Keep retrying a retriable failure for this long after the first one,
   * in milliseconds. Default 30,000.
   */
  maxRetryMs?: number;
  /** First backoff delay in milliseconds. Default 100. */
  startingDelayMs?: number;
}

/**
 * Whether the client marked an error as worth retrying (a protocol error
 * such as `COORDINATOR_LOAD_IN_PROGRESS` or `NOT_COORDINATOR`, a dropped
 * connection, a timeout): `@platformatic/kafka`'s `canRetry` — for its
 * `MultipleErrors`, when every inner error may be retried — or the
 * `retriable` flag of kafkajs and the project's domain errors.
 *
 * @param error What a Kafka call threw.
 * @returns `true` when the same request may succeed later.
 */
export function isRetriableKafkaError(error: unknown): boolean {
  if (hasRetriableFlag(error)) return true;
  if (!(error instanceof Error)) return false;
  if ((error as { canRetry?: unknown }).canRetry === true) return true;
  const inner = (error as { errors?: unknown }).errors;
  return error instanceof AggregateError && Array.isArray(inner) &&
    inner.length > 0 && inner.every(isRetriableKafkaError);
}

/**
 * Runs a Kafka call, retrying retriable failures with exponential backoff
 * and full jitter (at most 2 s apart) until `maxRetryMs` has passed since
 * the first failure.
 *
 * @example
 * ```ts ignore
 * const offsets = await withKafkaRetry(() =>
 *   admin.listConsumerGroupOffsets({ groups: [groupId] })
 * );
 * ```
 *
 * @param call The request.
 * @param options Retry budget.
 * @returns What `call` returned.
 * @throws The last error when it is not retriable or the budget is spent.
 */
export function withKafkaRetry<T>(
  call: () => Promise<T>,
  options: KafkaRetryOptions = {},
): Promise<T> {
  return withRetry(call, { ...options, isRetriable: isRetriableKafkaError });
}
