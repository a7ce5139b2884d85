/**
 * Getting a notebook's inputs in place without redoing work: the dataset
 * file (generated when missing) and a topic holding exactly that file
 * (replayed only when it does not already). Notebooks 2–4 and the demo use
 * these, so each notebook runs on its own in a fresh kernel.
 *
 * @module
 */
import { readAvroFile } from "../avro/mod.ts";
import {
  type GenerateSummary,
  generateToFile,
  type GeneratorOptions,
} from "../generator/mod.ts";
import {
  ensureTopic,
  type KafkaClient,
  produceListening,
  type ProduceProgress,
  type ProduceSummary,
  topicEndOffsets,
  topicPartitionCount,
} from "../kafka/mod.ts";
import type { ListeningRecord } from "../schema/mod.ts";
import { waitUntil } from "../support/mod.ts";

/** What {@linkcode ensureDataset} found or did. */
export interface EnsureDatasetResult {
  /** The file. */
  path: string;
  /** The generator's summary when this call generated the file. */
  generated?: GenerateSummary;
}

/** Options of {@linkcode ensureDataset}: the generator's, and `force`. */
export interface EnsureDatasetOptions extends GeneratorOptions {
  /** Generate even when the file exists (replacing it). Default `false`. */
  force?: boolean;
}

/**
 * Generates the dataset file unless it exists.
 *
 * @param path The Avro file.
 * @param options Generator options used when generating; `force` to
 *   generate anyway.
 * @returns The path, and the generator's summary when it generated.
 * @throws {RangeError|TypeError} For invalid generator options.
 */
export async function ensureDataset(
  path: string,
  options: EnsureDatasetOptions = {},
): Promise<EnsureDatasetResult> {
  const { force = false, ...generatorOptions } = options;
  try {
    await Deno.stat(path);
    if (!force) return { path };
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return { path, generated: await generateToFile(path, generatorOptions) };
}

/**
 * Counts the records of an Avro container file.
 *
 * @param path The file.
 * @returns The number of records.
 */
export async function countRecords(path: string): Promise<number> {
  let count = 0;
  for await (const block of readAvroFile(path).blocks()) {
    count += block.records.length;
  }
  return count;
}

/** Options of {@linkcode replayDataset}. */
export interface ReplayDatasetOptions {
  /** The topic. Required. */
  topic: string;
  /** Replay even when the topic already holds the file. Default `false`. */
  force?: boolean;
  /** Called after every acknowledged produce batch. */
  onProgress?: (progress: ProduceProgress) => void;
  /** Longest wait for a deleted topic to disappear, in ms. Default 60,000. */
  timeoutMs?: number;
}

/** What {@linkcode replayDataset} found or did. */
export interface ReplayDatasetResult {
  /** The topic. */
  topic: string;
  /** Records in the file. */
  records: number;
  /** `true` when the topic already held exactly the file's records. */
  reused: boolean;
  /** The producer's summary when this call replayed the file. */
  produced?: ProduceSummary;
}

/**
 * Makes `topic` hold exactly the records of the Avro file, in file order:
 * when the topic exists with 16 partitions, starts at offset 0 and holds as
 * many messages as the file has records, it is reused; otherwise it is
 * deleted (if present), created with 16 partitions and the file is
 * replayed into it.
 *
 * @param client The Kafka cluster.
 * @param path The Avro file.
 * @param options Topic, force, progress.
 * @returns Whether the topic was reused, and the producer's summary.
 * @throws {TypeError} For an invalid topic name.
 * @throws {BrokerUnreachableError} When no broker answers.
 */
export async function replayDataset(
  client: KafkaClient,
  path: string,
  options: ReplayDatasetOptions,
): Promise<ReplayDatasetResult> {
  const { topic, force = false, timeoutMs = 60_000 } = options;
  const records = await countRecords(path);
  const held = await client.withAdmin(async (admin) => {
    if (await topicPartitionCount(admin, topic) === undefined) return null;
    const offsets = await topicEndOffsets(admin, topic);
    return {
      partitions: offsets.length,
      low: offsets.reduce((sum, p) => sum + p.low, 0),
      messages: offsets.reduce((sum, p) => sum + p.high - p.low, 0),
    };
  });
  if (
    !force && held && held.partitions === 16 && held.low === 0 &&
    held.messages === records
  ) {
    return { topic, records, reused: true };
  }
  if (held) {
    await client.withAdmin(async (admin) => {
      await admin.deleteTopics({ topics: [topic] });
      await waitUntil(
        async () => !(await admin.listTopics()).includes(topic),
        { timeoutMs, what: `topic ${topic} to be deleted` },
      );
    });
  }
  // Right after a deletion the broker may still refuse the name briefly.
  await waitUntil(() => ensureTopic(client, topic).then(() => true), {
    timeoutMs,
    intervalMs: 500,
    what: `topic ${topic} to be created`,
  });
  const produced = await produceListening(
    client,
    blocksOf(path),
    { topic, onProgress: options.onProgress },
  );
  return { topic, records, reused: false, produced };
}

async function* blocksOf(path: string): AsyncGenerator<ListeningRecord[]> {
  for await (const block of readAvroFile<ListeningRecord>(path).blocks()) {
    yield block.records;
  }
}

/** Options of {@linkcode datasetOnTopic}. */
export interface DatasetOnTopicOptions extends ReplayDatasetOptions {
  /** How to generate the dataset when the file is missing. */
  generator?: GeneratorOptions;
}

/** What {@linkcode datasetOnTopic} did. */
export interface DatasetOnTopicResult extends ReplayDatasetResult {
  /** The generator's summary when the file was missing and generated. */
  generated?: GenerateSummary;
}

/**
 * A notebook's inputs in one call: the dataset file (generated when
 * missing, {@linkcode ensureDataset}) and a topic holding exactly its
 * records ({@linkcode replayDataset}).
 *
 * @param client The Kafka cluster.
 * @param path The Avro file.
 * @param options Topic, force, generator options for a missing file.
 * @returns The replay's result and, when generated, the generator's summary.
 */
export async function datasetOnTopic(
  client: KafkaClient,
  path: string,
  options: DatasetOnTopicOptions,
): Promise<DatasetOnTopicResult> {
  const { generator, ...replay } = options;
  const { generated } = await ensureDataset(path, generator);
  return { ...await replayDataset(client, path, replay), generated };
}
