/**
 * `deno task docs`: writes the generated parts of the reference pages —
 * the `--help` of every `deno task` into `docs/cli.md` and the result
 * tables' columns and definitions into `docs/tables.md` — so they cannot
 * drift from the code. `--check` only reports what is stale (exit 1).
 *
 * @module
 */
import { Command } from "commander";
import { runCli } from "./run_cli.ts";
import { cliReference, tablesReference } from "./_docs_reference.ts";

/** The text as `deno fmt` writes it, so a generated page passes `fmt --check`. */
async function formatMarkdown(text: string): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--ext=md", "-"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  const decoder = new TextDecoder();
  if (code !== 0) throw new Error(`deno fmt failed: ${decoder.decode(stderr)}`);
  return decoder.decode(stdout);
}

const program = new Command("docs")
  .description(
    "Write the generated parts of docs/cli.md (the --help of every task) and " +
      "docs/tables.md (the result tables) from the code.",
  )
  .option("--check", "write nothing; exit 1 when a page is out of date")
  .option("--root <dir>", "the project directory", ".")
  .action(async (flags: { check?: boolean; root: string }) => {
    const pages = [
      { path: `${flags.root}/docs/cli.md`, make: cliReference },
      { path: `${flags.root}/docs/tables.md`, make: tablesReference },
    ];
    const stale: string[] = [];
    for (const { path, make } of pages) {
      const before = await Deno.readTextFile(path);
      const after = await formatMarkdown(await make(before, flags.root));
      if (after === before) continue;
      stale.push(path);
      if (!flags.check) await Deno.writeTextFile(path, after);
    }
    if (flags.check && stale.length > 0) {
      throw new Error(
        `out of date: ${stale.join(", ")}; run "deno task docs" and commit`,
      );
    }
    console.log(
      `docs: ${pages.length} pages checked, ${stale.length} ${
        flags.check ? "stale" : "rewritten"
      }`,
    );
  });

if (import.meta.main) await runCli(program);
