import assert from "node:assert/strict";
import { printable, printableJson } from "../../lib/support/mod.ts";

Deno.test("printable() escapes C0, DEL and C1 controls and leaves other text", () => {
  assert.equal(
    printable("a\u001b[31mred\u001b]0;title\u0007\r\n\t\u007f\u009bz"),
    "a\\u001b[31mred\\u001b]0;title\\u0007\\u000d\\u000a\\u0009\\u007f\\u009bz",
  );
  assert.equal(
    printable("Motörhead 夜に駆ける 🎵 e\u0301"),
    "Motörhead 夜に駆ける 🎵 e\u0301",
  );
});

Deno.test("printableJson() leaves no control character and parses to the same value", () => {
  const value = { artist: "x\u009b2J\u007f\u001b", n: 1 };
  const json = printableJson(JSON.stringify(value));
  // deno-lint-ignore no-control-regex
  assert.doesNotMatch(json, /[\u0000-\u001f\u007f-\u009f]/);
  assert.deepEqual(JSON.parse(json), value);
});
