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
import { exitCodeOf, oneOf, runCli, startProgress } from "./mod.ts";

/** Default output file. */
export const DEFAULT_OUT = "data/spotify_wrapped_data.avro";

/** Signals that stop the generator and remove its partial file. */
const INTERRUPTS: Deno.Signal[] = ["SIGINT", "SIGTERM", "SIGHUP"];

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
      let signal: Deno.Signal | undefined;
      let events = 0;
      const onSignal = (name: Deno.Signal) => () => {
        signal ??= name;
        abort.abort(new Error(`interrupted by ${name}`));
      };
      const listeners = INTERRUPTS.map((name) =>
        [name, onSignal(name)] as const
      );
      for (const [name, listener] of listeners) {
        Deno.addSignalListener(name, listener);
      }
      try {
        const summary = await generateToFile(flags.out, options, {
          codec: flags.codec,
          onProgress: (n) => progress.update(events = n),
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
      } catch (error) {
        if (signal === undefined) throw error;
        progress.stop();
        // The partial file is removed; nothing at --out changed.
        console.error(
          `generate: interrupted by ${signal} after ${
            events.toLocaleString("en-US")
          } events; no file was written`,
        );
        Deno.exitCode = exitCodeOf(signal);
      } finally {
        progress.stop();
        for (const [name, listener] of listeners) {
          Deno.removeSignalListener(name, listener);
        }
      }
    });
  return program;
}

if (import.meta.main) await runCli(generateCommand());
