/**
 * A file of listening events replayed as the topic would deliver it: the
 * listening layout, partitioned by personality (DESIGN §4.5).
 *
 * @module
 */
import {
  avroFileSource,
  type AvroFileSourceOptions,
  type Source,
} from "../engine/mod.ts";
import { PERSONALITY_NAMES, personalityIndex } from "../personalities/mod.ts";
import { listeningHistoryType } from "../schema/mod.ts";
import { LISTENING_COLUMNS } from "./listening_columns.ts";

const PARTITION_OF_PERSONALITY = new Map(
  PERSONALITY_NAMES.map((name) => [name, personalityIndex(name)]),
);

/**
 * An {@linkcode avroFileSource} of `music.ListeningHistory` records with
 * {@linkcode LISTENING_COLUMNS}; a record's partition is its personality's
 * index, as on the topic (unknown personalities go to partition 0).
 *
 * @param path The `.avro` file (as `deno task generate` writes it).
 * @param options Overrides of the file source's options (e.g. `id`).
 * @returns The source.
 * @throws {TypeError} When `path` is empty.
 *
 * @example
 * ```ts
 * const { rows } = await analyzeOnce(listeningFileSource("data/listening.avro"));
 * ```
 */
export function listeningFileSource(
  path: string,
  options: Partial<AvroFileSourceOptions> = {},
): Source {
  return avroFileSource(path, {
    type: listeningHistoryType,
    columns: LISTENING_COLUMNS,
    partitionBy: {
      column: "personality",
      partitions: PARTITION_OF_PERSONALITY,
    },
    ...options,
  });
}
