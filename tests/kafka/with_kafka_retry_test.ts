import assert from "node:assert/strict";
import kafkajs from "kafkajs";
import { isRetriableKafkaError, withKafkaRetry } from "../../lib/kafka/mod.ts";

// kafkajs spreads its error classes into its exports, which named ESM
// imports cannot see.
const { KafkaJSNonRetriableError, KafkaJSProtocolError } = kafkajs;

/** The error a broker gives while it reads `__consumer_offsets` after a start. */
function coordinatorLoading(): Error {
  const response = Object.assign(
    new Error(
      "The coordinator is loading and hence can't process requests for this group",
    ),
    { type: "COORDINATOR_LOAD_IN_PROGRESS", code: 14, retriable: true },
  );
  return new KafkaJSProtocolError(response);
}

Deno.test("isRetriableKafkaError() follows kafkajs' retriable flag", () => {
  assert.equal(isRetriableKafkaError(coordinatorLoading()), true);
  assert.equal(
    isRetriableKafkaError(new KafkaJSNonRetriableError("no")),
    false,
  );
  assert.equal(isRetriableKafkaError(new TypeError("bug")), false);
  assert.equal(isRetriableKafkaError("text"), false);
});

Deno.test("withKafkaRetry() retries 'coordinator is loading' until the call succeeds", async () => {
  let calls = 0;
  const result = await withKafkaRetry(() => {
    calls++;
    if (calls < 4) return Promise.reject(coordinatorLoading());
    return Promise.resolve("offsets");
  }, { startingDelayMs: 1 });
  assert.equal(result, "offsets");
  assert.equal(calls, 4);
});

Deno.test("withKafkaRetry() throws a non-retriable error at once", async () => {
  let calls = 0;
  await assert.rejects(
    withKafkaRetry(() => {
      calls++;
      return Promise.reject(new KafkaJSNonRetriableError("invalid group"));
    }, { startingDelayMs: 1 }),
    /invalid group/,
  );
  assert.equal(calls, 1);
});

Deno.test("withKafkaRetry() gives up with the last error once the budget is spent", async () => {
  let calls = 0;
  await assert.rejects(
    withKafkaRetry(() => {
      calls++;
      return Promise.reject(coordinatorLoading());
    }, { startingDelayMs: 1, maxRetryMs: 50 }),
    /coordinator is loading/,
  );
  assert.ok(calls > 1, `retried (${calls} calls)`);
});
