import assert from "node:assert/strict";
import {
  MultipleErrors,
  NetworkError,
  ProtocolError,
  UserError,
} from "@platformatic/kafka";
import { isRetriableKafkaError, withKafkaRetry } from "../../lib/kafka/mod.ts";

/** The error a broker gives while it reads `__consumer_offsets` after a start. */
function coordinatorLoading(): Error {
  return new ProtocolError("COORDINATOR_LOAD_IN_PROGRESS");
}

/** An error the client never retries. */
function invalidGroup(): Error {
  return new UserError("invalid group");
}

Deno.test("isRetriableKafkaError() follows the client's canRetry flag", () => {
  assert.equal(isRetriableKafkaError(coordinatorLoading()), true);
  assert.equal(isRetriableKafkaError(new NetworkError("reset")), true);
  assert.equal(
    isRetriableKafkaError(new ProtocolError("GROUP_AUTHORIZATION_FAILED")),
    false,
  );
  assert.equal(isRetriableKafkaError(invalidGroup()), false);
  assert.equal(
    isRetriableKafkaError(
      new MultipleErrors("all retriable", [coordinatorLoading()]),
    ),
    true,
  );
  assert.equal(
    isRetriableKafkaError(
      new MultipleErrors("one fatal", [coordinatorLoading(), invalidGroup()]),
    ),
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
      return Promise.reject(invalidGroup());
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
