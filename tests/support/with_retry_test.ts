import assert from "node:assert/strict";
import { withRetry } from "../../lib/support/mod.ts";

class Flaky extends Error {
  constructor(readonly retriable: boolean) {
    super(retriable ? "try again" : "no");
  }
}

Deno.test("withRetry() retries a retriable failure until the call succeeds", async () => {
  let calls = 0;
  const retried: number[] = [];
  const result = await withRetry(() => {
    calls++;
    return calls < 3 ? Promise.reject(new Flaky(true)) : Promise.resolve("ok");
  }, {
    startingDelayMs: 1,
    onRetry: (_error, attempt) => retried.push(attempt),
  });
  assert.equal(result, "ok");
  assert.equal(calls, 3);
  assert.deepEqual(retried, [1, 2]);
});

Deno.test("withRetry() throws a non-retriable failure and a programmer error at once", async () => {
  for (const error of [new Flaky(false), new TypeError("bug")]) {
    let calls = 0;
    await assert.rejects(
      withRetry(() => {
        calls++;
        return Promise.reject(error);
      }, { startingDelayMs: 1 }),
      (thrown) => thrown === error,
    );
    assert.equal(calls, 1);
  }
});

Deno.test("withRetry() maps errors with toError and asks isRetriable about the mapped one", async () => {
  let calls = 0;
  await assert.rejects(
    withRetry(() => {
      calls++;
      return Promise.reject(new Error(calls < 2 ? "busy" : "denied"));
    }, {
      startingDelayMs: 1,
      toError: (e) => new Flaky((e as Error).message === "busy"),
    }),
    (thrown) => thrown instanceof Flaky && thrown.message === "no",
  );
  assert.equal(calls, 2);
});

Deno.test("withRetry() hands the last error to onGiveUp once the budget is spent", async () => {
  let calls = 0;
  await assert.rejects(
    withRetry(() => {
      calls++;
      return Promise.reject(new Flaky(true));
    }, {
      maxRetryMs: 30,
      startingDelayMs: 1,
      maxDelayMs: 5,
      onGiveUp: (error, { attempts, elapsedMs }) =>
        new Error(
          `${(error as Error).message}: ${attempts} attempts, ${
            elapsedMs >= 30
          }`,
        ),
    }),
    (thrown) =>
      thrown instanceof Error &&
      thrown.message === `try again: ${calls} attempts, true`,
  );
  assert.ok(calls >= 2, `retried (${calls} calls)`);
});

Deno.test("withRetry() stops retrying when its signal aborts, without onGiveUp", async () => {
  const controller = new AbortController();
  let calls = 0;
  await assert.rejects(
    withRetry(() => {
      calls++;
      if (calls === 2) controller.abort();
      return Promise.reject(new Flaky(true));
    }, {
      startingDelayMs: 1,
      signal: controller.signal,
      onGiveUp: () => new Error("gave up"),
    }),
    (thrown) => thrown instanceof Flaky,
  );
  assert.equal(calls, 2);
});
