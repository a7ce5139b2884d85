import assert from "node:assert/strict";
import {
  notebookParameters,
  parameterEnvName,
} from "../../lib/notebook/mod.ts";

function env(values: Record<string, string>) {
  return { getEnv: (name: string) => values[name] };
}

Deno.test("parameterEnvName() is WRAPPED_NB_ plus the upper snake-case name", () => {
  assert.equal(parameterEnvName("users"), "WRAPPED_NB_USERS");
  assert.equal(parameterEnvName("sampleSize"), "WRAPPED_NB_SAMPLE_SIZE");
  assert.equal(parameterEnvName("max_rows"), "WRAPPED_NB_MAX_ROWS");
});

Deno.test("notebookParameters() keeps defaults when nothing is set", () => {
  assert.deepEqual(
    notebookParameters({ users: 200, tz: "local", once: true }, env({})),
    { users: 200, tz: "local", once: true },
  );
});

Deno.test("notebookParameters() converts variables to the default's type", () => {
  const values = notebookParameters(
    { users: 200, tz: "local", once: true },
    env({
      WRAPPED_NB_USERS: "25",
      WRAPPED_NB_TZ: "utc",
      WRAPPED_NB_ONCE: "0",
    }),
  );
  assert.deepEqual(values, { users: 25, tz: "utc", once: false });
});

Deno.test("notebookParameters() rejects a variable of the wrong type", () => {
  assert.throws(
    () => notebookParameters({ users: 1 }, env({ WRAPPED_NB_USERS: "abc" })),
    new TypeError('WRAPPED_NB_USERS must be a number: got "abc"'),
  );
  assert.throws(
    () => notebookParameters({ once: true }, env({ WRAPPED_NB_ONCE: "yes" })),
    new TypeError('WRAPPED_NB_ONCE must be true, false, 1 or 0: got "yes"'),
  );
});
