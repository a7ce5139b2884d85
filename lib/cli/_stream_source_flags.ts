/**
 * The source flags of the stream commands (`analyze`, `wrapped`): one
 * definition of `--source`, `--file`, `--topic`, `--group`,
 * `--starting-offsets`, `--from-beginning`, `--partitions`, `--once`,
 * `--checkpoint`, `--reset-checkpoint`, `--trigger`, `--max-batch` and
 * `--tz`, and the engine source and trigger they describe.
 *
 * @module
 */
import type { Command } from "commander";
import { TIME_ZONE_MODES, type TimeZoneMode } from "../analysis/mod.ts";
import {
  durationMs,
  type EngineEvents,
  resetCheckpoint,
  type Source,
  type Trigger,
} from "../engine/mod.ts";
import { DEFAULT_TOPIC, validateTopicName } from "../kafka/mod.ts";
import {
  kafkaSource,
  listeningFileSource,
  STARTING_OFFSETS,
  type StartingOffsets,
} from "../sources/mod.ts";
import {
  type Instrumentation,
  oneOf,
  partitionList,
  positiveInteger,
  printable,
} from "../support/mod.ts";

const SOURCES = ["kafka", "file"] as const;

/** The parsed source flags. */
export interface StreamSourceFlags {
  source: typeof SOURCES[number];
  file?: string;
  topic: string;
  group: string;
  fromBeginning?: boolean;
  startingOffsets?: StartingOffsets;
  partitions?: number[];
  once?: boolean;
  checkpoint?: string;
  resetCheckpoint?: boolean;
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
    .option(
      "--group <id>",
      "progress-marker group: with --checkpoint, the positions of every committed batch are written there for deno task lag; never read back except with --starting-offsets group (the engine joins no group)",
      group,
    )
    .option(
      "--starting-offsets <where>",
      "where a new query starts (a checkpoint always resumes where it ended): earliest, latest, or group (the offsets committed to --group)",
      oneOf("--starting-offsets", STARTING_OFFSETS),
    )
    .option("--from-beginning", "same as --starting-offsets earliest")
    .option(
      "--partitions <list>",
      "Kafka partitions to read, e.g. 0-7,12 (default: all of the topic's)",
      partitionList("--partitions"),
    )
    .option(
      "--once",
      "stop when the input is exhausted (Kafka: every partition reached the end offset it had at start), closing every window",
    )
    .option(
      "--checkpoint <dir>",
      "checkpoint directory: offsets logged before every batch, state committed after it; a restart resumes from the last committed batch whatever the start flags say (without it, every run is a new query)",
    )
    .option(
      "--reset-checkpoint",
      "empty the --checkpoint directory first and start a new query",
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

/** `--starting-offsets`, or `earliest` for `--from-beginning`. */
function startingOffsetsOf(flags: StreamSourceFlags): StartingOffsets {
  if (flags.fromBeginning) {
    if (flags.startingOffsets && flags.startingOffsets !== "earliest") {
      throw new TypeError(
        `--from-beginning means --starting-offsets earliest: got --starting-offsets ${flags.startingOffsets} as well`,
      );
    }
    return "earliest";
  }
  return flags.startingOffsets ?? "latest";
}

function kafkaSourceOf(flags: StreamSourceFlags): Source {
  let undecodable = 0;
  let markerWarned = false;
  return kafkaSource({
    topic: flags.topic,
    groupId: flags.group,
    partitions: flags.partitions,
    startingOffsets: startingOffsetsOf(flags),
    onMarkerError: (error) => {
      if (markerWarned) return;
      markerWarned = true;
      console.error(
        `\rwarning: could not write the progress marker to group ${flags.group} (the checkpoint holds the positions): ${error}`,
      );
    },
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
 * @throws {TypeError} For `--source file` without a file, contradicting
 *   start flags, or `--reset-checkpoint` without `--checkpoint`.
 * @throws {Deno.errors.NotFound} When the file does not exist.
 */
export function streamSourceOf(flags: StreamSourceFlags): Source {
  if (flags.resetCheckpoint) {
    if (!flags.checkpoint) {
      throw new TypeError("--reset-checkpoint needs --checkpoint DIR");
    }
    if (resetCheckpoint(flags.checkpoint)) {
      console.error(`checkpoint ${flags.checkpoint} reset: a new query`);
    }
  }
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

/**
 * Prints one line when a run resumes its checkpoint: from which batch, and
 * which logged batch it replays first.
 *
 * @param events The run's `engine.*` events.
 * @param flags The parsed flags.
 */
export function announceResume(
  events: Instrumentation<EngineEvents>,
  flags: StreamSourceFlags,
): void {
  events.on("engine.start", (start) => {
    if (start.resumedFromBatch === null && start.replayingBatch === null) {
      return;
    }
    const from = start.resumedFromBatch === null
      ? "before its first committed batch"
      : `from batch ${start.resumedFromBatch} (the last committed)`;
    const replay = start.replayingBatch === null
      ? ""
      : `, replaying batch ${start.replayingBatch} as its offset log planned it`;
    console.error(
      `resuming checkpoint ${flags.checkpoint} ${from}${replay}; start flags apply only to a new query`,
    );
  });
}
