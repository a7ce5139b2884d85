/**
 * `deno task bench [filter]`: runs every `bench/*_bench.ts` in its own
 * process (so each reports its own peak memory) and prints their figures.
 *
 * @module
 */
const filter = Deno.args[0] ?? "";
const dir = new URL(".", import.meta.url);
const files = [...Deno.readDirSync(dir)]
  .map((entry) => entry.name)
  .filter((name) => name.endsWith("_bench.ts") && name.includes(filter))
  .sort();
if (files.length === 0) {
  console.error(`No benchmark matches ${JSON.stringify(filter)}`);
  Deno.exit(2);
}
console.log(
  `Wrapped Streams benchmarks — ${Deno.build.os}/${Deno.build.arch}, ` +
    `Deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} cores`,
);
let failed = 0;
for (const file of files) {
  console.log(`\n== ${file}`);
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL(file, dir).pathname],
    stdin: "null",
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (code !== 0) {
    failed++;
    console.error(`${file} failed with exit code ${code}`);
  }
}
Deno.exit(failed ? 1 : 0);
