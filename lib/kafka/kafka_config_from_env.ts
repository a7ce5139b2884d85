/**
 * Where the Kafka cluster is and how to talk to it, read from environment
 * variables. Without `KAFKA_BROKERS` every command uses the local broker of
 * `deno task kafka:up` at `127.0.0.1:9092`.
 *
 * | variable | meaning | default |
 * |---|---|---|
 * | `KAFKA_BROKERS` | `host:port,...` of an existing cluster (nothing local is started) | `127.0.0.1:9092` (local) |
 * | `KAFKA_SSL` | `true` to connect with TLS | `false` |
 * | `KAFKA_SSL_CA_FILE` | PEM file of the CA that signed the brokers' certificates | system CAs |
 * | `KAFKA_SSL_REJECT_UNAUTHORIZED` | `false` to accept any certificate (testing only) | `true` |
 * | `KAFKA_SASL_MECHANISM` | `plain`, `scram-sha-256` or `scram-sha-512` | no SASL |
 * | `KAFKA_SASL_USERNAME`, `KAFKA_SASL_PASSWORD` | SASL credentials | — |
 * | `KAFKA_CLIENT_ID` | client id shown in broker logs and `lag` | `wrapped-streams` |
 * | `KAFKA_CONNECT_TIMEOUT_MS` | how long to retry an unreachable broker before failing | `30000` |
 * | `KAFKA_LOG_LEVEL` | log of the kafkajs reference in `deno task bench kafka`: `nothing`, `error`, `warn`, `info`, `debug` | `nothing` |
 *
 * @module
 */

/** Address of the broker started by `deno task kafka:up`. */
export const LOCAL_BROKER = "127.0.0.1:9092";

/** SASL mechanisms accepted in `KAFKA_SASL_MECHANISM`. */
export const SASL_MECHANISMS = [
  "plain",
  "scram-sha-256",
  "scram-sha-512",
] as const;

/** One of {@linkcode SASL_MECHANISMS}. */
export type SaslMechanism = typeof SASL_MECHANISMS[number];

/** kafkajs log levels accepted in `KAFKA_LOG_LEVEL`. */
export const KAFKA_LOG_LEVELS = [
  "nothing",
  "error",
  "warn",
  "info",
  "debug",
] as const;

/** One of {@linkcode KAFKA_LOG_LEVELS}. */
export type KafkaLogLevel = typeof KAFKA_LOG_LEVELS[number];

/** TLS settings. */
export interface KafkaSslConfig {
  /** PEM text of the CAs to trust (from `KAFKA_SSL_CA_FILE`); default system CAs. */
  ca?: string[];
  /** Verify the brokers' certificates. Default `true`. */
  rejectUnauthorized?: boolean;
}

/** SASL credentials. */
export interface KafkaSaslConfig {
  /** The mechanism. */
  mechanism: SaslMechanism;
  /** User name. */
  username: string;
  /** Password. */
  password: string;
}

/** Everything needed to reach a Kafka cluster. */
export interface KafkaConnectionConfig {
  /** Bootstrap addresses, `host:port`. */
  brokers: string[];
  /** `true` when `KAFKA_BROKERS` names an existing cluster (then `kafka:up` starts nothing). */
  external: boolean;
  /** TLS: `false`/absent for plaintext. */
  ssl?: boolean | KafkaSslConfig;
  /** SASL credentials, absent for none. */
  sasl?: KafkaSaslConfig;
  /** Client id. */
  clientId: string;
  /** How long to retry an unreachable broker before failing, in milliseconds. */
  connectTimeoutMs: number;
  /** Log level of the kafkajs reference in `deno task bench kafka`. */
  logLevel: KafkaLogLevel;
}

const ADDRESS = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/;

/**
 * Parses a `host:port,host:port` list.
 *
 * @param raw The list.
 * @param source Named in errors (e.g. `"KAFKA_BROKERS"`).
 * @returns The addresses.
 * @throws {TypeError} When an entry is not `host:port` with a port 1–65535.
 */
export function parseBrokerList(raw: string, source = "brokers"): string[] {
  const brokers = raw.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (brokers.length === 0) {
    throw new TypeError(
      `${source} must list host:port addresses: got ${JSON.stringify(raw)}`,
    );
  }
  for (const broker of brokers) {
    const match = ADDRESS.exec(broker);
    const port = match ? Number(match[2]) : 0;
    if (!match || port < 1 || port > 65535) {
      throw new TypeError(
        `${source} must list host:port addresses: got ${
          JSON.stringify(broker)
        }`,
      );
    }
  }
  return brokers;
}

function flag(env: Record<string, string | undefined>, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return false;
  if (["true", "1", "yes"].includes(raw)) return true;
  if (["false", "0", "no"].includes(raw)) return false;
  throw new TypeError(
    `${name} must be true or false: got ${JSON.stringify(env[name])}`,
  );
}

function choice<const T extends string>(
  env: Record<string, string | undefined>,
  name: string,
  choices: readonly T[],
): T | undefined {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return undefined;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new RangeError(
      `${name} must be one of ${choices.join(", ")}: got ${
        JSON.stringify(env[name])
      }`,
    );
  }
  return raw as T;
}

/**
 * Reads the connection settings from environment variables (table above).
 *
 * @param env The variables; default `Deno.env.toObject()`.
 * @returns The connection config.
 * @throws {TypeError} / {RangeError} When a variable is malformed, naming
 *   it and its value; when SASL is asked for without credentials.
 *
 * @example
 * ```ts
 * kafkaConfigFromEnv({ KAFKA_BROKERS: "kafka-1:9092,kafka-2:9092" }).brokers;
 * // ["kafka-1:9092", "kafka-2:9092"]
 * ```
 */
export function kafkaConfigFromEnv(
  env: Record<string, string | undefined> = Deno.env.toObject(),
): KafkaConnectionConfig {
  const rawBrokers = env.KAFKA_BROKERS?.trim();
  const external = rawBrokers !== undefined && rawBrokers !== "";
  const brokers = external
    ? parseBrokerList(rawBrokers, "KAFKA_BROKERS")
    : [LOCAL_BROKER];

  let ssl: boolean | KafkaSslConfig | undefined;
  if (flag(env, "KAFKA_SSL")) {
    const caFile = env.KAFKA_SSL_CA_FILE?.trim();
    const rejectUnauthorized = env.KAFKA_SSL_REJECT_UNAUTHORIZED === undefined
      ? true
      : flag(env, "KAFKA_SSL_REJECT_UNAUTHORIZED");
    ssl = caFile || !rejectUnauthorized
      ? {
        ...(caFile ? { ca: [Deno.readTextFileSync(caFile)] } : {}),
        rejectUnauthorized,
      }
      : true;
  }

  let sasl: KafkaSaslConfig | undefined;
  const mechanism = choice(env, "KAFKA_SASL_MECHANISM", SASL_MECHANISMS);
  if (mechanism) {
    const username = env.KAFKA_SASL_USERNAME;
    const password = env.KAFKA_SASL_PASSWORD;
    if (!username || password === undefined) {
      throw new TypeError(
        `KAFKA_SASL_MECHANISM=${mechanism} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`,
      );
    }
    sasl = { mechanism, username, password };
  }

  const rawTimeout = env.KAFKA_CONNECT_TIMEOUT_MS?.trim();
  const connectTimeoutMs = rawTimeout ? Number(rawTimeout) : 30_000;
  if (!Number.isSafeInteger(connectTimeoutMs) || connectTimeoutMs < 1) {
    throw new RangeError(
      `KAFKA_CONNECT_TIMEOUT_MS must be a positive integer: got ${
        JSON.stringify(rawTimeout)
      }`,
    );
  }

  return {
    brokers,
    external,
    ...(ssl ? { ssl } : {}),
    ...(sasl ? { sasl } : {}),
    clientId: env.KAFKA_CLIENT_ID?.trim() || "wrapped-streams",
    connectTimeoutMs,
    logLevel: choice(env, "KAFKA_LOG_LEVEL", KAFKA_LOG_LEVELS) ?? "nothing",
  };
}
