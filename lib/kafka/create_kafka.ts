/**
 * A connected-on-demand Kafka client: kafkajs configured from the
 * environment, retries with backoff bounded by a deadline, and a clear
 * {@linkcode BrokerUnreachableError} naming the addresses when nothing
 * answers.
 *
 * @module
 */
import {
  type Consumer,
  type ConsumerConfig,
  Kafka,
  type KafkaConfig,
  logLevel as kafkaLogLevel,
  type Producer,
  type ProducerConfig,
  type RetryOptions,
  type SASLOptions,
} from "kafkajs";
import { Admin, type BaseOptions } from "@platformatic/kafka";
import { BrokerUnreachableError, KafkaToolError } from "./errors.ts";
import {
  kafkaConfigFromEnv,
  type KafkaConnectionConfig,
  type KafkaLogLevel,
} from "./kafka_config_from_env.ts";
import { quietTimeoutNegativeWarning } from "./_quiet_timeout_warning.ts";

/** Options of {@linkcode createKafka}: any field overrides the environment's. */
export interface CreateKafkaOptions extends Partial<KafkaConnectionConfig> {
  /** Environment to read defaults from; default `Deno.env.toObject()`. */
  env?: Record<string, string | undefined>;
}

const LOG_LEVELS: Record<KafkaLogLevel, kafkaLogLevel> = {
  nothing: kafkaLogLevel.NOTHING,
  error: kafkaLogLevel.ERROR,
  warn: kafkaLogLevel.WARN,
  info: kafkaLogLevel.INFO,
  debug: kafkaLogLevel.DEBUG,
};

const CONNECTION_ERRORS = new Set([
  "KafkaJSConnectionError",
  "KafkaJSConnectionClosedError",
  "KafkaJSBrokerNotFound",
  "KafkaJSRequestTimeoutError",
]);

/**
 * kafkajs retry settings whose exponential waits (250 ms doubling, at most
 * 5 s each, with jitter) add up to about `timeoutMs`.
 *
 * @param timeoutMs The deadline in milliseconds.
 * @returns Retry options for kafkajs.
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
 * A Kafka cluster to talk to: the kafkajs {@linkcode Kafka} instance plus
 * helpers that connect admin, producer and consumer clients and turn
 * "nothing answers" into a {@linkcode BrokerUnreachableError}.
 */
export class KafkaClient {
  /** The underlying kafkajs client, for anything not wrapped here. */
  readonly kafka: Kafka;
  /** The resolved connection settings. */
  readonly config: KafkaConnectionConfig;

  /**
   * Creates the client (no connection is made yet).
   *
   * @param config The connection settings.
   */
  constructor(config: KafkaConnectionConfig) {
    quietTimeoutNegativeWarning();
    this.config = config;
    const kafkaConfig: KafkaConfig = {
      clientId: config.clientId,
      brokers: config.brokers,
      connectionTimeout: Math.min(3_000, config.connectTimeoutMs),
      requestTimeout: 30_000,
      retry: retryForDeadline(config.connectTimeoutMs),
      logLevel: LOG_LEVELS[config.logLevel],
    };
    if (config.ssl) kafkaConfig.ssl = config.ssl;
    if (config.sasl) kafkaConfig.sasl = config.sasl as SASLOptions;
    this.kafka = new Kafka(kafkaConfig);
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
   * Maps a kafkajs failure to this area's errors: connection failures
   * become {@linkcode BrokerUnreachableError}; others pass through.
   *
   * @param error What kafkajs threw.
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

  async #connect<
    T extends { connect(): Promise<void>; disconnect(): Promise<void> },
  >(
    client: T,
  ): Promise<T> {
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.disconnect().catch(() => {});
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
  async connectAdmin(): Promise<Admin> {
    const admin = new Admin(this.options);
    try {
      await admin.metadata({ topics: [] });
      return admin;
    } catch (error) {
      await admin.close().catch(() => {});
      throw this.describeFailure(error);
    }
  }

  /**
   * Connects a producer: idempotent, at most 5 requests in flight (the
   * idempotence limit) and the deadline's retries unless overridden.
   *
   * @param config kafkajs producer options.
   * @returns The connected producer.
   * @throws {BrokerUnreachableError} When no broker answers before the deadline.
   */
  connectProducer(config: ProducerConfig = {}): Promise<Producer> {
    return this.#connect(this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 5,
      allowAutoTopicCreation: false,
      ...config,
    }));
  }

  /**
   * Connects a consumer of a consumer group.
   *
   * @param config kafkajs consumer options (`groupId` required).
   * @returns The connected consumer.
   * @throws {BrokerUnreachableError} When no broker answers before the deadline.
   */
  connectConsumer(config: ConsumerConfig): Promise<Consumer> {
    return this.#connect(this.kafka.consumer({
      allowAutoTopicCreation: false,
      ...config,
    }));
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
