/**
 * Benchmark input files: generated once into `data/bench/` (git-ignored)
 * and reused by later runs and by other benches.
 *
 * @module
 */
import { writeAvroFile } from "../lib/avro/mod.ts";
import {
  type GeneratorOptions,
  listeningHistory,
} from "../lib/generator/mod.ts";

/** Where benchmark inputs live. */
export const BENCH_DIR: string = new URL("../data/bench/", import.meta.url)
  .pathname;

/**
 * Generator settings of the input the Kafka and analysis benches share
 * (`kafka-<n>.avro`): enough for about 2.4 M events.
 */
export const SHARED_INPUT: GeneratorOptions = {
  users: 2_000,
  sessionsPerUser: 40,
  seed: 7,
};

async function* take<T>(source: Iterable<T>, n: number): AsyncGenerator<T> {
  let i = 0;
  for (const item of source) {
    if (i++ >= n) return;
    yield item;
  }
}

/**
 * The path of `data/bench/<name>-<events>.avro`, generating it first (the
 * first `events` records of the generator with `options`) when missing.
 *
 * @param name A prefix shared by the benches that read the same input.
 * @param events How many records the file holds.
 * @param options Generator options; they must yield at least `events`.
 * @returns The file's path.
 * @throws {Error} When the generator yields fewer than `events` records.
 */
export async function benchInputFile(
  name: string,
  events: number,
  options: GeneratorOptions,
): Promise<string> {
  const path = `${BENCH_DIR}${name}-${events}.avro`;
  try {
    await Deno.stat(path);
    return path;
  } catch {
    // Generate below.
  }
  await Deno.mkdir(BENCH_DIR, { recursive: true });
  const result = await writeAvroFile(
    path,
    take(listeningHistory(options), events),
  );
  if (result.records !== events) {
    throw new Error(`generated ${result.records} events, wanted ${events}`);
  }
  return path;
}
