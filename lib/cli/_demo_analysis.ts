/**
 * The demo's analysis stage: every analysis over the Kafka topic until
 * caught up, tables written to a folder (private to the demo command).
 *
 * Stopgap until the engine has its Kafka source: the topic is read with a
 * consumer group (once, to the end offsets seen at start) and its records
 * are replayed into the engine in event-time order (as a live producer
 * sends them), each in its partition.
 *
 * @module
 */
import { startAnalysis } from "../analysis/mod.ts";
import {
  type EngineEvents,
  memorySource,
  type StreamSummary,
} from "../engine/mod.ts";
import { consumeListening, type KafkaClient } from "../kafka/mod.ts";
import { personalityIndex } from "../personalities/mod.ts";
import type { ListeningRecord } from "../schema/mod.ts";
import type { Instrumentation } from "../support/mod.ts";

/** Options of {@linkcode analyzeTopicOnce}. */
export interface AnalyzeTopicOnceOptions {
  /** The topic. */
  topic: string;
  /** The consumer group (should start without commits). */
  groupId: string;
  /** Where the result tables go. */
  outDir: string;
  /** Receives the engine's events (progress). */
  instrumentation?: Instrumentation<EngineEvents>;
}

/**
 * Runs every analysis over the whole topic, once.
 *
 * @param client The Kafka cluster.
 * @param options Topic, group, output folder, instrumentation.
 * @returns The engine's summary.
 */
export async function analyzeTopicOnce(
  client: KafkaClient,
  options: AnalyzeTopicOnceOptions,
): Promise<StreamSummary> {
  const records: ListeningRecord[] = [];
  await consumeListening(client, {
    groupId: options.groupId,
    topic: options.topic,
    fromBeginning: true,
    once: true,
    onBatch: (batch) => {
      for (const record of batch.records) records.push(record);
    },
  });
  // A consumer receives whole chunks of one partition at a time; replayed
  // like that, a partition far ahead would make the others' rows late.
  records.sort((a, b) =>
    a.listening_time.start_time - b.listening_time.start_time
  );
  const run = startAnalysis(
    memorySource(records, {
      partitionOf: (record) => personalityIndex(record.personality),
      id: `kafka:${options.topic}`,
    }),
    {
      trigger: "once",
      outDir: options.outDir,
      instrumentation: options.instrumentation,
    },
  );
  return await run.done;
}
