/**
 * `deno task topic:create`: creates the personality topic (16 partitions,
 * one per personality) unless it exists; a topic with another partition
 * count is an error.
 *
 * @module
 */
import { Command } from "commander";
import { runCli } from "./mod.ts";
import {
  createKafka,
  DEFAULT_TOPIC,
  ensureTopic,
  PARTITIONS,
  validateTopicName,
} from "../kafka/mod.ts";

const program = new Command("topic:create")
  .description(
    `Create the listening-events topic with ${PARTITIONS} partitions (partition = personality index), idempotently. Connects to KAFKA_BROKERS or 127.0.0.1:9092.`,
  )
  .option(
    "--topic <name>",
    "topic name",
    (raw: string) => validateTopicName(raw, "--topic"),
    DEFAULT_TOPIC,
  )
  .option(
    "--replication-factor <n>",
    "replicas of a new topic (default: the broker's default)",
    (raw: string) => {
      const value = Number(raw);
      if (!/^\d+$/.test(raw) || value < 1) {
        throw new RangeError(
          `--replication-factor must be a positive integer: got ${
            JSON.stringify(raw)
          }`,
        );
      }
      return value;
    },
  )
  .action(async (options: { topic: string; replicationFactor?: number }) => {
    const client = createKafka();
    const result = await ensureTopic(client, options.topic, {
      replicationFactor: options.replicationFactor ?? -1,
    });
    const where = client.brokers.join(",");
    console.log(
      result.created
        ? `Created topic "${result.topic}" with ${result.partitions} partitions at ${where}`
        : `Topic "${result.topic}" already exists with ${result.partitions} partitions at ${where}`,
    );
  });

if (import.meta.main) await runCli(program);
