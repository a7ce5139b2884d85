/**
 * The documentation stays what the issue asked for: a README that fits on a
 * screen, reference pages that exist and are linked, and generated parts
 * (task help, result tables) that match the code.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url).pathname;

Deno.test("README is at most 200 lines and starts with the two commands", async () => {
  const readme = await Deno.readTextFile(`${ROOT}README.md`);
  const lines = readme.trimEnd().split("\n");
  assert.ok(lines.length <= 200, `README.md has ${lines.length} lines`);
  const firstBlock = readme.slice(
    0,
    readme.indexOf("```", readme.indexOf("```sh") + 5),
  );
  assert.match(firstBlock, /npx -y deno@2\.9\.6 task demo/);
  assert.match(firstBlock, /npx -y deno@2\.9\.6 task test/);
});

Deno.test("every relative link of README, CONTRIBUTING and docs/ points at a file", async () => {
  const pages = ["README.md", "CONTRIBUTING.md"];
  for await (const entry of Deno.readDir(`${ROOT}docs`)) {
    if (entry.name.endsWith(".md")) pages.push(`docs/${entry.name}`);
  }
  const missing: string[] = [];
  for (const page of pages) {
    const text = await Deno.readTextFile(`${ROOT}${page}`);
    const dir = page.includes("/")
      ? page.slice(0, page.lastIndexOf("/") + 1)
      : "";
    for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      try {
        await Deno.stat(`${ROOT}${dir}${target}`);
      } catch {
        missing.push(`${page} -> ${target}`);
      }
    }
  }
  assert.deepEqual(missing, []);
});

Deno.test("docs/cli.md and docs/tables.md match the code (deno task docs --check)", async () => {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["task", "docs", "--check"],
    cwd: ROOT,
    stdin: "null",
  }).output();
  const text = new TextDecoder();
  assert.equal(code, 0, text.decode(stderr) + text.decode(stdout));
});
