import assert from "node:assert/strict";
import {
  kafkaConfigFromEnv,
  LOCAL_BROKER,
  parseBrokerList,
  platformaticOptions,
  retryForDeadline,
} from "../../lib/kafka/mod.ts";

Deno.test("kafkaConfigFromEnv() uses the local broker when KAFKA_BROKERS is unset", () => {
  const config = kafkaConfigFromEnv({});
  assert.deepEqual(config.brokers, [LOCAL_BROKER]);
  assert.equal(config.external, false);
  assert.equal(config.ssl, undefined);
  assert.equal(config.sasl, undefined);
  assert.equal(config.connectTimeoutMs, 30_000);
});

Deno.test("kafkaConfigFromEnv() reads an external cluster with SASL and TLS", () => {
  const config = kafkaConfigFromEnv({
    KAFKA_BROKERS: "kafka-1:9093, kafka-2:9093",
    KAFKA_SSL: "true",
    KAFKA_SASL_MECHANISM: "SCRAM-SHA-512",
    KAFKA_SASL_USERNAME: "alice",
    KAFKA_SASL_PASSWORD: "secret",
    KAFKA_CONNECT_TIMEOUT_MS: "5000",
  });
  assert.deepEqual(config.brokers, ["kafka-1:9093", "kafka-2:9093"]);
  assert.equal(config.external, true);
  assert.equal(config.ssl, true);
  assert.deepEqual(config.sasl, {
    mechanism: "scram-sha-512",
    username: "alice",
    password: "secret",
  });
  assert.equal(config.connectTimeoutMs, 5000);
});

Deno.test("kafkaConfigFromEnv() rejects malformed variables naming them", async (t) => {
  const cases: [Record<string, string>, ErrorConstructor, string][] = [
    [
      { KAFKA_BROKERS: "localhost" },
      TypeError,
      'KAFKA_BROKERS must list host:port addresses: got "localhost"',
    ],
    [
      { KAFKA_BROKERS: "h:70000" },
      TypeError,
      'KAFKA_BROKERS must list host:port addresses: got "h:70000"',
    ],
    [
      { KAFKA_SSL: "maybe" },
      TypeError,
      'KAFKA_SSL must be true or false: got "maybe"',
    ],
    [
      { KAFKA_SASL_MECHANISM: "gssapi" },
      RangeError,
      'KAFKA_SASL_MECHANISM must be one of plain, scram-sha-256, scram-sha-512: got "gssapi"',
    ],
    [
      { KAFKA_SASL_MECHANISM: "plain" },
      TypeError,
      "KAFKA_SASL_MECHANISM=plain needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD",
    ],
    [
      { KAFKA_CONNECT_TIMEOUT_MS: "soon" },
      RangeError,
      'KAFKA_CONNECT_TIMEOUT_MS must be a positive integer: got "soon"',
    ],
  ];
  for (const [env, errorClass, message] of cases) {
    await t.step(JSON.stringify(env), () => {
      assert.throws(() => kafkaConfigFromEnv(env), {
        name: errorClass.name,
        message,
      });
    });
  }
});

Deno.test("parseBrokerList() accepts bracketed IPv6 and trims spaces", () => {
  assert.deepEqual(parseBrokerList(" [::1]:9092 ,127.0.0.1:19092"), [
    "[::1]:9092",
    "127.0.0.1:19092",
  ]);
});

Deno.test("retryForDeadline() keeps the sum of backoff waits within the deadline", () => {
  for (const deadline of [300, 2_000, 30_000, 120_000]) {
    const { initialRetryTime = 0, retries = 0, maxRetryTime = 0 } =
      retryForDeadline(deadline);
    let total = 0;
    let wait = initialRetryTime;
    for (let i = 0; i < retries; i++) {
      total += wait;
      wait = Math.min(wait * 2, maxRetryTime);
    }
    assert.ok(total <= deadline, `${total} > ${deadline}`);
    assert.ok(
      total + wait > deadline,
      `one more retry would fit in ${deadline}`,
    );
  }
});

Deno.test("platformaticOptions() maps TLS, SASL, client id and the deadline onto the client's options", () => {
  const config = kafkaConfigFromEnv({
    KAFKA_BROKERS: "kafka-1:9093,kafka-2:9093",
    KAFKA_SSL: "true",
    KAFKA_SSL_REJECT_UNAUTHORIZED: "false",
    KAFKA_SASL_MECHANISM: "scram-sha-256",
    KAFKA_SASL_USERNAME: "alice",
    KAFKA_SASL_PASSWORD: "secret",
    KAFKA_CLIENT_ID: "notebook",
    KAFKA_CONNECT_TIMEOUT_MS: "5000",
  });
  const options = platformaticOptions(config);
  assert.deepEqual(options.bootstrapBrokers, ["kafka-1:9093", "kafka-2:9093"]);
  assert.equal(options.clientId, "notebook");
  assert.deepEqual(options.tls, { rejectUnauthorized: false });
  assert.deepEqual(options.sasl, {
    mechanism: "SCRAM-SHA-256",
    username: "alice",
    password: "secret",
  });
  assert.equal(options.connectTimeout, 3_000);
  // exponential waits from 250 ms, at most 5 s each, within the deadline
  const delay = options.retryDelay as (...a: unknown[]) => number;
  const waits = Array.from(
    { length: options.retries as number },
    (_, i) => delay(undefined, "op", i + 1, options.retries, new Error()),
  );
  assert.equal(waits[0], 250);
  assert.ok(waits.every((w) => w <= 5_000));
  assert.ok(waits.reduce((a, b) => a + b, 0) <= 5_000);
  const plain = platformaticOptions(kafkaConfigFromEnv({}));
  assert.equal(plain.tls, undefined);
  assert.equal(plain.sasl, undefined);
});

Deno.test("platformaticOptions() passes a CA file's certificates to TLS", async () => {
  const dir = await Deno.makeTempDir();
  const ca = `${dir}/ca.pem`;
  await Deno.writeTextFile(
    ca,
    "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
  );
  try {
    const options = platformaticOptions(
      kafkaConfigFromEnv({ KAFKA_SSL: "true", KAFKA_SSL_CA_FILE: ca }),
    );
    const tls = options.tls as { ca?: string[] };
    assert.equal(tls.ca?.length, 1);
    assert.match(tls.ca![0], /BEGIN CERTIFICATE/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
