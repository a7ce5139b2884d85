/**
 * `deno task realism [FILE]`: how realistic a listening-history file is —
 * every property of the realism issue measured from the file, beside the
 * published figure, its source and the band a realistic dataset falls in.
 *
 * @example
 * ```sh
 * deno task realism data/spotify_wrapped_data.avro
 * deno task realism --json data/big.avro > realism.json
 * ```
 *
 * @module
 */
import { Command } from "commander";
import Table from "cli-table3";
import { measureRealismFile, type RealismReport } from "../realism/mod.ts";
import { positiveInteger, runCli, startProgress } from "./mod.ts";
import { DEFAULT_OUT } from "./generate_command.ts";

interface RealismFlags {
  json: boolean;
  recentYear?: number;
}

function table(report: RealismReport): string {
  const out = new Table({
    head: ["property", "measured", "band", "ok", "published", "source"],
    colWidths: [44, 10, 17, 5, 30, 34],
    wordWrap: true,
    style: { head: [], border: [], compact: true },
  });
  for (const r of report.rows) {
    out.push([
      r.property,
      r.measured,
      r.band,
      r.within ? "yes" : "NO",
      r.published,
      r.source,
    ]);
  }
  return out.toString();
}

/**
 * Builds the `realism` command.
 *
 * @returns The commander program.
 */
export function realismCommand(): Command {
  return new Command("realism")
    .description(
      "Measure how realistic a listening-history Avro file is: skips, long " +
        "tail, popularity, day of week, sessions, activity, taste, " +
        "personality overlap, mood and the daily curve, each beside the " +
        "published figure and its source (docs/realism.md).",
    )
    .argument("[file]", "the Avro file", DEFAULT_OUT)
    .option("--json", "print the rows and every measurement as JSON", false)
    .option(
      "--recent-year <year>",
      "first year of the catalogue's most recent quarter, for Newness " +
        "(default: from the songs in the file)",
      positiveInteger("--recent-year"),
    )
    .action(async (file: string, flags: RealismFlags) => {
      const size = await Deno.stat(file).then((s) => s.size, (error) => {
        throw new Error(
          `cannot read ${JSON.stringify(file)}: ${
            error instanceof Deno.errors.NotFound
              ? "no such file (make one with deno task generate)"
              : (error as Error).message
          }`,
        );
      });
      const progress = startProgress("realism", size, { unit: "bytes" });
      const report = await measureRealismFile(file, {
        recentYear: flags.recentYear,
        onProgress: (bytes) => progress.update(bytes),
      }).finally(() => progress.stop());
      const m = report.measurements;
      const within = report.rows.filter((r) => r.within).length;
      if (flags.json) {
        console.log(JSON.stringify(report, null, 2));
      } else {
        console.log(table(report));
      }
      (flags.json ? console.error : console.log)(
        `${file}: ${m.events.toLocaleString("en-US")} events, ${
          m.listeners.toLocaleString("en-US")
        } listeners (${m.activeListeners} with ≥ 200 events): ${within} of ${report.rows.length} properties within the published band`,
      );
    });
}

if (import.meta.main) await runCli(realismCommand());
