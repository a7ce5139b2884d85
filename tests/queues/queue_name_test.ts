import assert from "node:assert/strict";
import {
  poisonQueueName,
  queueName,
  queueNameProblem,
  validateQueueName,
  validateQueuePrefix,
} from "../../lib/queues/mod.ts";
import { PERSONALITY_NAMES } from "../../lib/personalities/mod.ts";

Deno.test("queueName() lower-cases the personality and joins words with hyphens after the prefix", () => {
  assert.equal(queueName("The early adopter"), "wrapped-the-early-adopter");
  assert.equal(
    queueName("The time traveler", { prefix: "x1-" }),
    "x1-the-time-traveler",
  );
  assert.equal(poisonQueueName("The nomad"), "wrapped-the-nomad-poison");
});

Deno.test("queueName() gives 16 distinct valid names", () => {
  const names = PERSONALITY_NAMES.map((p) => queueName(p));
  assert.equal(new Set(names).size, 16);
  for (const name of names) assert.equal(queueNameProblem(name), undefined);
});

Deno.test("queueName() rejects an unknown personality", () => {
  assert.throws(() => queueName("The dreamer"), RangeError);
});

Deno.test("validateQueueName() states which Azure rule a name breaks", async (t) => {
  const cases: [string, string][] = [
    ["ab", "it must be 3–63 characters long (it has 2)"],
    ["a".repeat(64), "it must be 3–63 characters long (it has 64)"],
    [
      "Bad_the-nomad",
      'only lower-case letters, digits and hyphens are allowed (found "B")',
    ],
    ["-the-nomad", "it must start and end with a letter or digit"],
    ["x--the-nomad", "consecutive hyphens are not allowed"],
  ];
  for (const [name, reason] of cases) {
    await t.step(name.slice(0, 20), () => {
      assert.throws(() => validateQueueName(name), {
        name: "RangeError",
        message: `queue name ${JSON.stringify(name)} is invalid: ${reason}`,
      });
    });
  }
});

Deno.test("validateQueuePrefix() rejects a prefix that makes any queue or poison queue invalid", () => {
  assert.equal(validateQueuePrefix("ok-"), "ok-");
  assert.equal(validateQueuePrefix(""), "");
  assert.throws(() => validateQueuePrefix("Wrapped-"), {
    name: "RangeError",
    message:
      'queue name "Wrapped-the-early-adopter" is invalid: only lower-case letters, digits and hyphens are allowed (found "W")',
  });
  // 40 + "the-early-adopter" (17) + "-poison" (7) = 64 characters.
  assert.throws(() => validateQueuePrefix("p".repeat(40)), {
    name: "RangeError",
    message: /it must be 3–63 characters long \(it has 64\)/,
  });
});
