import assert from "node:assert/strict";
import { EndOffsetTarget } from "../../lib/kafka/mod.ts";

Deno.test("EndOffsetTarget is complete at once when every start is at its end", () => {
  const target = new EndOffsetTarget(
    "t",
    new Map([[0, 5], [1, 0]]),
    new Map([[0, 5], [1, 0]]),
  );
  assert.equal(target.complete, true);
  assert.equal(target.expectedMessages, 0);
});

Deno.test("EndOffsetTarget completes when each pending partition reaches its captured end", () => {
  const target = new EndOffsetTarget(
    "t",
    new Map([[0, 10], [1, 4], [2, 0]]),
    new Map([[0, 0], [1, 2], [2, 0]]),
  );
  assert.deepEqual(target.pending(), [0, 1]);
  assert.equal(target.expectedMessages, 12);
  assert.equal(target.advance(1, 3), false);
  assert.equal(target.advance(1, 4), true);
  assert.equal(target.complete, false);
  assert.equal(target.isBeyondEnd(0, 9), false);
  assert.equal(target.isBeyondEnd(0, 10), true);
  assert.equal(target.advance(0, 10), true);
  assert.equal(target.complete, true);
});
