/**
 * Does a queue endpoint answer HTTP? Used to tell whether Azurite (or any
 * queue service) is up without needing credentials.
 *
 * @module
 */

/** Options of {@linkcode probeQueueEndpoint}. */
export interface ProbeQueueEndpointOptions {
  /** Give up on one probe after this long. Default 2,000 ms. */
  timeoutMs?: number;
}

/** What {@linkcode probeQueueEndpoint} found. */
export interface QueueEndpointProbe {
  /** `true` when the endpoint answered with any HTTP response. */
  up: boolean;
  /** The `Server` header of the answer, e.g. `"Azurite-Queue/3.37.0"`. */
  server?: string;
  /** Why it is considered down (connection refused, timeout…). */
  reason?: string;
}

/**
 * Sends one unauthenticated `GET ?comp=list` to a queue service endpoint.
 * Any HTTP answer (even 403) means the service is up.
 *
 * @param endpoint The queue endpoint without query string, e.g.
 *   `http://127.0.0.1:10001/devstoreaccount1`.
 * @param options Timeout.
 * @returns Whether it answered, and its `Server` header.
 */
export async function probeQueueEndpoint(
  endpoint: string,
  options: ProbeQueueEndpointOptions = {},
): Promise<QueueEndpointProbe> {
  const { timeoutMs = 2_000 } = options;
  try {
    const response = await fetch(`${endpoint}?comp=list`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return { up: true, server: response.headers.get("server") ?? undefined };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error
      ? `: ${error.cause.message}`
      : "";
    return {
      up: false,
      reason: error instanceof Error ? `${error.message}${cause}` : `${error}`,
    };
  }
}
