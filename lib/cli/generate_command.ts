/**
 * `deno task generate`: synthetic listening history as an Avro file.
 *
 * @example
 * ```sh
 * deno task generate --users 1000 --sessions-per-user 20 --codec deflate
 * ```
 *
 * @module
 */
import { Command } from "commander";
import { type AvroCodec, CODECS } from "../avro/mod.ts";
import {
  addGeneratorOptions,
  estimateEventCount,
  generateToFile,
  type GeneratorFlags,
  generatorOptionsFromFlags,
} from "../generator/mod.ts";
import { oneOf, runCli, startProgress } from "./mod.ts";

/** Default output file. */
export const DEFAULT_OUT = "data/spotify_wrapped_data.avro";

interface GenerateFlags extends GeneratorFlags {
  out: string;
  codec: AvroCodec;
}

/**
 * Builds the `generate` command.
 *
 * @returns The commander program.
 */
export function generateCommand(): Command {
  const program = new Command("generate")
    .description(
      "Generate time-ordered synthetic listening history (Avro Object " +
        "Container File): users with one of 16 listening personalities, " +
        "real cities, sessions on a diurnal curve in local time.",
    );
  addGeneratorOptions(program)
    .option("--out <path>", "output Avro file", DEFAULT_OUT)
    .option(
      "--codec <codec>",
      `block compression: ${CODECS.join(" or ")}`,
      oneOf("--codec", CODECS),
      "null",
    )
    .action(async (flags: GenerateFlags) => {
      const options = await generatorOptionsFromFlags(flags);
      const progress = startProgress("generate", estimateEventCount(options));
      const abort = new AbortController();
      const onSignal = () =>
        abort.abort(new Error("interrupted; no file was written"));
      Deno.addSignalListener("SIGINT", onSignal);
      try {
        const summary = await generateToFile(flags.out, options, {
          codec: flags.codec,
          onProgress: (events) => progress.update(events),
          signal: abort.signal,
        });
        progress.update(summary.events);
        progress.stop();
        console.log(
          `generated ${summary.events.toLocaleString("en-US")} events for ${
            summary.users.toLocaleString("en-US")
          } users -> ${summary.path} (${
            (summary.bytes / 1e6).toFixed(1)
          } MB) in ${summary.seconds.toFixed(2)} s (${
            Math.round(summary.eventsPerSecond).toLocaleString("en-US")
          } events/s)`,
        );
      } finally {
        progress.stop();
        Deno.removeSignalListener("SIGINT", onSignal);
      }
    });
  return program;
}

if (import.meta.main) await runCli(generateCommand());
