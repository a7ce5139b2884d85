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
 * When `options` yield too few records (the generator's event count is a
 * model, so estimates are approximate), the users are scaled up by the
 * shortfall and the file generated again.
 *
 * @param name A prefix shared by the benches that read the same input.
 * @param events How many records the file holds.
 * @param options Generator options; about `events` records or more.
 * @returns The file's path.
 * @throws {Error} When three scaled attempts still yield too few records.
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
  let attempt = { ...options };
  for (let tries = 0; tries < 3; tries++) {
    const result = await writeAvroFile(
      path,
      take(listeningHistory(attempt), events),
    );
    if (result.records === events) return path;
    const users = attempt.users ?? 100;
    attempt = {
      ...attempt,
      users: Math.ceil(users * (events / Math.max(1, result.records)) * 1.1),
    };
  }
  await Deno.remove(path).catch(() => {});
  throw new Error(`could not generate ${events} events for ${name}`);
}
