/**
 * The source flags of the stream commands (`analyze`, `wrapped`): one
 * definition of `--source`, `--file`, `--topic`, `--group`,
 * `--from-beginning`, `--once`, `--checkpoint`, `--trigger`, `--max-batch`
 * and `--tz`, and the engine source and trigger they describe.
 *
 * @module
 */
import type { Command } from "commander";
import { TIME_ZONE_MODES, type TimeZoneMode } from "../analysis/mod.ts";
import { durationMs, type Source, type Trigger } from "../engine/mod.ts";
import { DEFAULT_TOPIC, validateTopicName } from "../kafka/mod.ts";
import { kafkaSource, listeningFileSource } from "../sources/mod.ts";
import { oneOf, positiveInteger, printable } from "../support/mod.ts";

const SOURCES = ["kafka", "file"] as const;

/** The parsed source flags. */
export interface StreamSourceFlags {
  source: typeof SOURCES[number];
  file?: string;
  topic: string;
  group: string;
  fromBeginning?: boolean;
  once?: boolean;
  checkpoint?: string;
  trigger?: Trigger;
  maxBatch: number;
  tz: TimeZoneMode;
}

/** `--trigger`: an interval (`500ms`, `1s`) or a record count (`10000 records`). */
function parseTrigger(raw: string): Trigger {
  const count = /^\s*(\d[\d_,]*)\s*records?\s*$/i.exec(raw);
  if (count) {
    const everyRecords = Number(count[1].replace(/[_,]/g, ""));
    if (Number.isSafeInteger(everyRecords) && everyRecords > 0) {
      return { everyRecords };
    }
  }
  try {
    const intervalMs = durationMs(raw, "--trigger");
    if (intervalMs > 0) return { intervalMs };
  } catch {
    // the message below says what is accepted
  }
  throw new RangeError(
    `--trigger must be a positive interval such as 500ms, 1s or "2 seconds", or a record count such as "10000 records": got ${
      JSON.stringify(raw)
    }`,
  );
}

/**
 * Adds the source flags to a command.
 *
 * @param command The commander program.
 * @param group The default `--group`.
 * @returns The command.
 */
export function addStreamSourceOptions(
  command: Command,
  group: string,
): Command {
  return command
    .option(
      "--source <kind>",
      "kafka or file",
      oneOf("--source", SOURCES),
      "kafka",
    )
    .option("--file <path>", "the .avro file (with --source file)")
    .option(
      "--topic <name>",
      "Kafka topic",
      (raw: string) => validateTopicName(raw, "--topic"),
      DEFAULT_TOPIC,
    )
    .option("--group <id>", "Kafka consumer group", group)
    .option(
      "--from-beginning",
      "start at the oldest message when the group has no committed offsets",
    )
    .option(
      "--once",
      "stop when the input is exhausted (Kafka: every partition reached the end offset it had at start), closing every window",
    )
    .option(
      "--checkpoint <dir>",
      "checkpoint directory: state and offsets after every batch, resumed on restart",
    )
    .option(
      "--trigger <interval|count>",
      'run a micro-batch every interval (e.g. 1s, 500ms) or every N records (e.g. "10000 records"); default: as soon as records arrive',
      parseTrigger,
    )
    .option(
      "--max-batch <n>",
      "largest micro-batch, in records",
      positiveInteger("--max-batch"),
      100_000,
    )
    .option(
      "--tz <clock>",
      "local times in the listeners' time zones, or in UTC as the original did",
      oneOf("--tz", TIME_ZONE_MODES),
      "local",
    );
}

function fileSource(path: string | undefined): Source {
  if (!path) {
    throw new TypeError("--source file needs --file PATH (an .avro file)");
  }
  try {
    if (!Deno.statSync(path).isFile) {
      throw new TypeError(`--file ${path} is not a file`);
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Deno.errors.NotFound(`--file ${path}: no such file`);
    }
    throw error;
  }
  return listeningFileSource(path);
}

function kafkaSourceOf(flags: StreamSourceFlags): Source {
  let undecodable = 0;
  return kafkaSource({
    topic: flags.topic,
    groupId: flags.group,
    startingOffsets: flags.fromBeginning ? "earliest" : "latest",
    onUndecodable: (error, partition, offset) => {
      if (++undecodable <= 10) {
        console.error(
          `\rinvalid message ${flags.topic}/${partition}@${offset} dead-lettered to ${flags.topic}.dlq: ${
            printable(error.reason)
          }`,
        );
      }
    },
  });
}

/**
 * The engine source the flags describe.
 *
 * @param flags The parsed flags.
 * @returns An Avro file source or a Kafka source.
 * @throws {TypeError} For `--source file` without a file.
 * @throws {Deno.errors.NotFound} When the file does not exist.
 */
export function streamSourceOf(flags: StreamSourceFlags): Source {
  return flags.source === "file"
    ? fileSource(flags.file)
    : kafkaSourceOf(flags);
}

/**
 * The trigger the flags describe: `"once"` with `--once`, else `--trigger`
 * or as soon as records arrive.
 *
 * @param flags The parsed flags.
 * @returns The trigger.
 */
export function streamTriggerOf(flags: StreamSourceFlags): Trigger {
  return flags.once ? "once" : flags.trigger ?? "asap";
}
