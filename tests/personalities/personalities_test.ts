import assert from "node:assert/strict";
import {
  PERSONALITIES,
  PERSONALITY_NAMES,
  personalityByName,
  personalityIndex,
} from "../../lib/personalities/mod.ts";

Deno.test("PERSONALITIES lists the 16 names of DESIGN §4.2 in order", () => {
  assert.equal(PERSONALITIES.length, 16);
  assert.equal(PERSONALITY_NAMES[0], "The early adopter");
  assert.equal(PERSONALITY_NAMES[8], "The replayer");
  assert.equal(PERSONALITY_NAMES[15], "The adventurer");
  PERSONALITIES.forEach((p, i) => assert.equal(p.index, i));
});

Deno.test("PERSONALITIES are 16 distinct combinations of the four axes", () => {
  const combos = new Set(
    PERSONALITIES.map((p) =>
      p.familiarity + p.newness + p.loyalty + p.commonality
    ),
  );
  assert.equal(combos.size, 16);
  assert.deepEqual(
    [
      personalityByName("The time traveler").familiarity,
      personalityByName("The time traveler").newness,
      personalityByName("The time traveler").loyalty,
      personalityByName("The time traveler").commonality,
    ],
    ["E", "T", "V", "U"],
  );
});

Deno.test("personalityIndex() rejects an unknown name with a RangeError", () => {
  assert.equal(personalityIndex("The nomad"), 1);
  assert.throws(() => personalityIndex("The nomads"), {
    name: "RangeError",
    message: /Unknown personality: got "The nomads"/,
  });
});
