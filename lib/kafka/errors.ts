/**
 * The Kafka area's domain errors: the few failures callers catch and act on
 * (broker unreachable, wrong topic layout, undecodable message).
 *
 * @module
 */

/** Base class of this area's errors; `retriable` says whether trying again may help. */
export class KafkaToolError extends Error {
  /** Whether the same operation may succeed if tried again later. */
  readonly retriable: boolean;

  /**
   * Creates the error.
   *
   * @param message What went wrong, with the values involved.
   * @param options `cause` and whether the failure is `retriable`.
   */
  constructor(
    message: string,
    options: { cause?: unknown; retriable?: boolean } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "KafkaToolError";
    this.retriable = options.retriable ?? false;
  }
}

function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 8; depth++) {
    const many = (current as { errors?: unknown[] } | undefined)?.errors;
    const next = (current as { cause?: unknown } | undefined)?.cause ??
      (Array.isArray(many) ? many.at(-1) : undefined);
    if (!(next instanceof Error)) break;
    current = next;
  }
  return current;
}

/** No broker answered at the configured addresses before the deadline. */
export class BrokerUnreachableError extends KafkaToolError {
  /** The bootstrap addresses tried, `host:port`. */
  readonly brokers: readonly string[];
  /** How long it kept trying, in milliseconds. */
  readonly timeoutMs: number;

  /**
   * Creates the error.
   *
   * @param brokers The addresses tried.
   * @param timeoutMs How long it tried, in milliseconds.
   * @param cause The last connection error.
   */
  constructor(brokers: readonly string[], timeoutMs: number, cause?: unknown) {
    super(
      `Kafka broker unreachable at ${brokers.join(",")} ` +
        `(gave up after ${timeoutMs} ms)`,
      { cause: rootCause(cause), retriable: true },
    );
    this.name = "BrokerUnreachableError";
    this.brokers = brokers;
    this.timeoutMs = timeoutMs;
  }
}

/** A topic is missing, or exists with a layout other than the one required. */
export class TopicLayoutError extends KafkaToolError {
  /** The topic concerned. */
  readonly topic: string;

  /**
   * Creates the error.
   *
   * @param topic The topic concerned.
   * @param message What is wrong with it.
   */
  constructor(topic: string, message: string) {
    super(message);
    this.name = "TopicLayoutError";
    this.topic = topic;
  }
}

/** A Kafka message whose value is not one datum of the listening schema. */
export class MessageDecodeError extends KafkaToolError {
  /** Why it could not be decoded, e.g. `"trailing bytes"`. */
  readonly reason: string;

  /**
   * Creates the error.
   *
   * @param reason Why it could not be decoded.
   * @param cause The underlying decoder error, if any.
   */
  constructor(reason: string, cause?: unknown) {
    super(`Undecodable listening message: ${reason}`, { cause });
    this.name = "MessageDecodeError";
    this.reason = reason;
  }
}

/** Producing stopped because the broker did not acknowledge a batch. */
export class ProduceFailedError extends KafkaToolError {
  /** Records the broker acknowledged before the failure. */
  readonly acked: number;
  /** The topic. */
  readonly topic: string;

  /**
   * Creates the error.
   *
   * @param topic The topic.
   * @param acked Records acknowledged before the failure.
   * @param cause The broker or client error.
   */
  constructor(topic: string, acked: number, cause: unknown) {
    const detail = cause instanceof Error ? `: ${cause.message}` : "";
    super(
      `Producing to ${JSON.stringify(topic)} failed after ${acked} ` +
        `acknowledged records${detail}`,
      { cause, retriable: true },
    );
    this.name = "ProduceFailedError";
    this.acked = acked;
    this.topic = topic;
  }
}
