/**
 * A connected-on-demand Kafka client: `@platformatic/kafka` configured from the
 * environment, retries with backoff bounded by a deadline, and a clear
 * {@linkcode BrokerUnreachableError} naming the addresses when nothing
 * answers.
 *
 * @module
 */
import {
  Admin,
  type BaseOptions,
  Producer,
  type ProducerOptions,
} from "@platformatic/kafka";
import { BrokerUnreachableError, KafkaToolError } from "./errors.ts";
import {
  kafkaConfigFromEnv,
  type KafkaConnectionConfig,
} from "./kafka_config_from_env.ts";

/** Options of {@linkcode createKafka}: any field overrides the environment's. */
export interface CreateKafkaOptions extends Partial<KafkaConnectionConfig> {
  /** Environment to read defaults from; default `Deno.env.toObject()`. */
  env?: Record<string, string | undefined>;
}

const CONNECTION_ERRORS = new Set([
  "KafkaJSConnectionError",
  "KafkaJSConnectionClosedError",
  "KafkaJSBrokerNotFound",
  "KafkaJSRequestTimeoutError",
]);

/** Exponential retry settings (the shape kafkajs also takes). */
export interface RetryOptions {
  /** First wait, ms. */
  initialRetryTime: number;
  /** Longest wait, ms. */
  maxRetryTime: number;
  /** Number of retries. */
  retries: number;
  /** Growth of the wait per retry. */
  multiplier: number;
  /** Jitter as a fraction of the wait. */
  factor: number;
}

/**
 * Retry settings whose exponential waits (250 ms doubling, at most
 * 5 s each, with jitter) add up to about `timeoutMs`.
 *
 * @param timeoutMs The deadline in milliseconds.
 * @returns The retry settings.
 */
export function retryForDeadline(timeoutMs: number): RetryOptions {
  const initialRetryTime = Math.min(250, timeoutMs);
  const maxRetryTime = 5_000;
  let total = 0;
  let wait = initialRetryTime;
  let retries = 0;
  while (total + wait <= timeoutMs) {
    total += wait;
    retries++;
    wait = Math.min(wait * 2, maxRetryTime);
  }
  return {
    initialRetryTime,
    maxRetryTime,
    retries,
    multiplier: 2,
    factor: 0.2,
  };
}

/**
 * The `@platformatic/kafka` client options for a connection: brokers,
 * client id, TLS, SASL and retries whose exponential waits (250 ms
 * doubling, at most 5 s each) add up to about `connectTimeoutMs`.
 *
 * @param config The connection settings.
 * @returns Options for `Producer`, `Consumer` and `Admin`.
 */
export function platformaticOptions(
  config: KafkaConnectionConfig,
): BaseOptions {
  const retry = retryForDeadline(config.connectTimeoutMs);
  const options: BaseOptions = {
    clientId: config.clientId,
    bootstrapBrokers: [...config.brokers],
    connectTimeout: Math.min(3_000, config.connectTimeoutMs),
    requestTimeout: 30_000,
    timeout: 30_000,
    retries: retry.retries,
    retryDelay: (_client, _operation, attempt) =>
      Math.min(
        retry.maxRetryTime!,
        retry.initialRetryTime! * 2 ** Math.max(0, attempt - 1),
      ),
  };
  if (config.ssl) {
    options.tls = config.ssl === true ? {} : {
      ...(config.ssl.ca ? { ca: config.ssl.ca } : {}),
      ...(config.ssl.rejectUnauthorized !== undefined
        ? { rejectUnauthorized: config.ssl.rejectUnauthorized }
        : {}),
    };
  }
  if (config.sasl) {
    options.sasl = {
      mechanism: SASL_MECHANISM_NAMES[config.sasl.mechanism],
      username: config.sasl.username,
      password: config.sasl.password,
    };
  }
  return options;
}

const SASL_MECHANISM_NAMES = {
  "plain": "PLAIN",
  "scram-sha-256": "SCRAM-SHA-256",
  "scram-sha-512": "SCRAM-SHA-512",
} as const;

function isConnectionFailure(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 6; depth++) {
    if (!(e instanceof Error)) return false;
    if (CONNECTION_ERRORS.has(e.name)) return true;
    const code = (e as { code?: string }).code;
    if (code === "PLT_KFK_NETWORK" || code === "PLT_KFK_TIMEOUT") return true;
    const inner = (e as { errors?: unknown[] }).errors;
    if (Array.isArray(inner) && inner.some(isConnectionFailure)) return true;
    if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT/.test(e.message)) {
      return true;
    }
    e = (e as { cause?: unknown; originalError?: unknown }).cause ??
      (e as { originalError?: unknown }).originalError;
  }
  return false;
}

/**
 * A Kafka cluster to talk to: its settings plus helpers that connect
 * `@platformatic/kafka` admin and producer clients and turn "nothing
 * answers" into a {@linkcode BrokerUnreachableError}.
 */
export class KafkaClient {
  /** The resolved connection settings. */
  readonly config: KafkaConnectionConfig;

  /**
   * Creates the client (no connection is made yet).
   *
   * @param config The connection settings.
   */
  constructor(config: KafkaConnectionConfig) {
    this.config = config;
  }

  /** Options for `@platformatic/kafka` clients (see {@linkcode platformaticOptions}). */
  get options(): BaseOptions {
    return platformaticOptions(this.config);
  }

  /** The bootstrap addresses, `host:port`. */
  get brokers(): readonly string[] {
    return this.config.brokers;
  }

  /**
   * Maps a Kafka client's failure to this area's errors: connection failures
   * become {@linkcode BrokerUnreachableError}; others pass through.
   *
   * @param error What the client threw.
   * @returns The error to throw.
   */
  describeFailure(error: unknown): unknown {
    if (error instanceof KafkaToolError) return error;
    if (isConnectionFailure(error)) {
      return new BrokerUnreachableError(
        this.config.brokers,
        this.config.connectTimeoutMs,
        error,
      );
    }
    return error;
  }

  async #connect<T extends Admin | Producer>(client: T): Promise<T> {
    try {
      await client.metadata({ topics: [] });
      return client;
    } catch (error) {
      await client.close().catch(() => {});
      throw this.describeFailure(error);
    }
  }

  /**
   * Connects a `@platformatic/kafka` admin client (its first metadata
   * request proves a broker answers).
   *
   * @returns The connected admin; call `close()` when done.
   * @throws {BrokerUnreachableError} When no broker answers before the deadline.
   */
  connectAdmin(): Promise<Admin> {
    return this.#connect(new Admin(this.options));
  }

  /**
   * Connects a producer: idempotent, acks from all in-sync replicas, the
   * deadline's retries, no topic auto-creation, unless overridden.
   *
   * @param options `@platformatic/kafka` producer options.
   * @returns The connected producer; call `close()` when done.
   * @throws {BrokerUnreachableError} When no broker answers before the deadline.
   */
  connectProducer(
    options: Partial<ProducerOptions<Buffer, Buffer, Buffer, Buffer>> = {},
  ): Promise<Producer> {
    return this.#connect(
      new Producer({
        ...this.options,
        idempotent: true,
        acks: -1,
        autocreateTopics: false,
        ...options,
      }),
    );
  }

  /**
   * Runs `fn` with a connected admin and disconnects afterwards.
   *
   * @param fn The work.
   * @returns What `fn` returns.
   * @throws {BrokerUnreachableError} When no broker answers before the deadline.
   */
  async withAdmin<T>(fn: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = await this.connectAdmin();
    try {
      return await fn(admin);
    } catch (error) {
      throw this.describeFailure(error);
    } finally {
      await admin.close().catch(() => {});
    }
  }
}

/**
 * Creates a {@linkcode KafkaClient} from the environment
 * ({@linkcode kafkaConfigFromEnv}) with any fields of `options` overriding.
 *
 * @param options Overrides, e.g. `{ brokers: ["127.0.0.1:9092"], connectTimeoutMs: 2000 }`.
 * @returns The client (not yet connected).
 * @throws {TypeError} / {RangeError} When the environment is malformed.
 *
 * @example
 * ```ts
 * const client = createKafka({ clientId: "notebook" });
 * const topics = await client.withAdmin((admin) => admin.listTopics());
 * ```
 */
export function createKafka(options: CreateKafkaOptions = {}): KafkaClient {
  const { env, ...overrides } = options;
  const base = kafkaConfigFromEnv(env);
  const defined = Object.fromEntries(
    Object.entries(overrides).filter(([, v]) => v !== undefined),
  );
  if (overrides.brokers && !("external" in defined)) defined.external = true;
  return new KafkaClient({ ...base, ...defined } as KafkaConnectionConfig);
}
