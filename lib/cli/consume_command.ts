/**
 * `deno task consume`: reads listening events with a consumer group and
 * prints them flattened, one field per column (the original's
 * `avro_consumer.py`), or as JSON lines. Undecodable messages are
 * reported, dead-lettered to `<topic>.dlq`, and consumption goes on.
 *
 * @module
 */
import { Command } from "commander";
import { positiveInteger, runCli, startProgress } from "./mod.ts";
import { printable, printableJson } from "../support/mod.ts";
import {
  consumeListening,
  createKafka,
  DEFAULT_TOPIC,
  FLAT_COLUMNS,
  flattenListeningRecord,
  validateTopicName,
} from "../kafka/mod.ts";

interface ConsumeFlags {
  topic: string;
  group: string;
  fromBeginning?: boolean;
  max?: number;
  once?: boolean;
  json?: boolean;
}

const encoder = new TextEncoder();

/** A TSV cell: control characters (tabs, newlines, ESC…) as escapes. */
function tsvCell(value: string | number): string {
  return printable(String(value));
}

const program = new Command("consume")
  .description(
    "Consume listening events with a consumer group and print them flattened (tab-separated columns with a header, or --json lines). Offsets are committed after printing. Connects to KAFKA_BROKERS or 127.0.0.1:9092.",
  )
  .option(
    "--topic <name>",
    "topic",
    (raw: string) => validateTopicName(raw, "--topic"),
    DEFAULT_TOPIC,
  )
  .option("--group <id>", "consumer group id", "wrapped-streams-console")
  .option(
    "--from-beginning",
    "start at the oldest message when the group has no committed offsets",
  )
  .option("--max <n>", "stop after n records", positiveInteger("--max"))
  .option(
    "--once",
    "stop when every partition reached the end offset it had at start",
  )
  .option("--json", "print one JSON object per line")
  .action(async (flags: ConsumeFlags) => {
    const client = createKafka();
    const controller = new AbortController();
    const onSigint = () => {
      if (controller.signal.aborted) Deno.exit(130);
      controller.abort();
    };
    Deno.addSignalListener("SIGINT", onSigint);
    const progress = Deno.stdout.isTerminal()
      ? { update() {}, stop() {} }
      : startProgress("consume", flags.max ?? 0, { unit: "records" });
    if (!flags.json) {
      Deno.stdout.writeSync(encoder.encode(FLAT_COLUMNS.join("\t") + "\n"));
    }
    let printed = 0;
    const started = performance.now();
    try {
      const summary = await consumeListening(client, {
        topic: flags.topic,
        groupId: flags.group,
        fromBeginning: Boolean(flags.fromBeginning),
        once: Boolean(flags.once),
        maxRecords: flags.max,
        signal: controller.signal,
        onBatch: async ({ records }) => {
          let text = "";
          for (const record of records) {
            const flat = flattenListeningRecord(record);
            text += flags.json
              ? printableJson(JSON.stringify(flat)) + "\n"
              : FLAT_COLUMNS.map((c) => tsvCell(flat[c])).join("\t") + "\n";
          }
          const bytes = encoder.encode(text);
          let written = 0;
          while (written < bytes.length) {
            written += await Deno.stdout.write(bytes.subarray(written));
          }
          printed += records.length;
          progress.update(printed);
        },
        onUndecodable: (u) =>
          console.error(
            `invalid message at ${u.topic}/${u.partition}@${u.offset}: ${
              printable(u.error.reason)
            }${
              u.deadLetterTopic ? `; dead-lettered to ${u.deadLetterTopic}` : ""
            }`,
          ),
      });
      progress.stop();
      const seconds = (performance.now() - started) / 1000;
      const why =
        { end: "reached the end", max: "reached --max", signal: "interrupted" }[
          summary.stoppedBy
        ];
      console.error(
        `consumed ${
          summary.records.toLocaleString("en-US")
        } records from "${flags.topic}" as group "${flags.group}" in ${
          seconds.toFixed(1)
        } s (${summary.undecodable} invalid, dead-lettered); ${why}`,
      );
    } finally {
      Deno.removeSignalListener("SIGINT", onSigint);
    }
  });

if (import.meta.main) await runCli(program);
