/**
 * The demo's analysis stage: every analysis over the Kafka topic until
 * caught up (the end offsets seen when the source opened), tables written
 * to a folder (private to the demo command).
 *
 * @module
 */
import { kafkaSource } from "../sources/mod.ts";
import { startAnalysis } from "../analysis/mod.ts";
import { type EngineEvents, type StreamSummary } from "../engine/mod.ts";
import type { KafkaClient } from "../kafka/mod.ts";
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
 * Runs every analysis over the whole topic, once, with the engine's Kafka
 * source (offsets committed for the group as the engine checkpoints).
 *
 * @param client The Kafka cluster.
 * @param options Topic, group, output folder, instrumentation.
 * @returns The engine's summary.
 */
export async function analyzeTopicOnce(
  client: KafkaClient,
  options: AnalyzeTopicOnceOptions,
): Promise<StreamSummary> {
  const run = startAnalysis(
    kafkaSource({
      client,
      groupId: options.groupId,
      topic: options.topic,
      startingOffsets: "earliest",
    }),
    {
      trigger: "once",
      outDir: options.outDir,
      instrumentation: options.instrumentation,
    },
  );
  return await run.done;
}
