/**
 * Polling with a deadline: the one way this project waits for a service.
 *
 * @module
 */

/** Options of {@linkcode waitUntil}. */
export interface WaitUntilOptions {
  /** Give up after this many milliseconds. Default 60,000. */
  timeoutMs?: number;
  /** Pause between checks, in milliseconds. Default 200. */
  intervalMs?: number;
  /** Named in the timeout error, e.g. `"Kafka at 127.0.0.1:9092"`. */
  what?: string;
}

/** Thrown when {@linkcode waitUntil} reaches its deadline. */
export class WaitTimeoutError extends Error {
  /** The last error the check threw, if any. */
  override readonly cause?: unknown;
  /** Creates the error. */
  constructor(message: string, cause?: unknown) {
    super(message);
    this.name = "WaitTimeoutError";
    this.cause = cause;
  }
}

/**
 * Calls `check` until it returns a value other than `false`/`undefined`
 * (or stops throwing), polling every `intervalMs` until `timeoutMs`.
 *
 * @param check A probe; a throw counts as "not yet".
 * @param options Deadline and interval.
 * @returns The first successful value of `check`.
 * @throws {WaitTimeoutError} When the deadline passes first.
 */
export async function waitUntil<T>(
  check: () => Promise<T | false | undefined> | T | false | undefined,
  options: WaitUntilOptions = {},
): Promise<T> {
  const { timeoutMs = 60_000, intervalMs = 200, what = "condition" } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (true) {
    try {
      const value = await check();
      if (value !== false && value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const detail = lastError instanceof Error ? `: ${lastError.message}` : "";
      throw new WaitTimeoutError(
        `Timed out after ${timeoutMs} ms waiting for ${what}${detail}`,
        lastError,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
