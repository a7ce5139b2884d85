/**
 * `deno task lag`: consumer-group lag per group, topic and partition —
 * current offset, log-end offset, lag, consumer id, host and state (the
 * original's `check_kafka_consumers.sh`) — once, or every `--interval`
 * seconds, optionally appended to a log file.
 *
 * @module
 */
import { Command } from "commander";
import Table from "cli-table3";
import { positiveInteger, positiveNumber, runCli } from "./mod.ts";
import { printable, printableJson } from "../support/mod.ts";
import {
  createKafka,
  describeConsumerLag,
  type LagRow,
  validateTopicName,
} from "../kafka/mod.ts";

interface LagFlags {
  group?: string;
  topic?: string;
  interval?: number;
  count?: number;
  log?: string;
  json?: boolean;
}

const HEAD = [
  "GROUP",
  "TOPIC",
  "PARTITION",
  "CURRENT-OFFSET",
  "LOG-END-OFFSET",
  "LAG",
  "CONSUMER-ID",
  "HOST",
  "STATE",
];

function renderTable(rows: LagRow[], color: boolean): string {
  const table = new Table({
    head: HEAD,
    style: color
      ? { head: ["cyan"], compact: true }
      : { head: [], border: [], compact: true },
  });
  for (const r of rows) {
    // Group and client ids are any text a client chose.
    table.push([
      printable(r.group),
      r.topic,
      r.partition,
      r.currentOffset ?? "-",
      r.logEndOffset,
      r.lag ?? "-",
      printable(r.consumerId ?? "-"),
      printable(r.host ?? "-"),
      r.state,
    ]);
  }
  return table.toString();
}

function report(rows: LagRow[], flags: LagFlags, at: Date): {
  screen: string;
  log: string;
} {
  if (flags.json) {
    const line = printableJson(
      JSON.stringify({ time: at.toISOString(), rows }),
    );
    return { screen: line, log: line };
  }
  const total = rows.reduce((sum, r) => sum + (r.lag ?? 0), 0);
  const groups = new Set(rows.map((r) => r.group)).size;
  const title =
    `${at.toISOString()}  ${groups} group(s), ${rows.length} partition(s), total lag ${total}`;
  const empty = rows.length === 0 ? "(no consumer groups with offsets)" : "";
  return {
    screen: `${title}\n${empty || renderTable(rows, Deno.stdout.isTerminal())}`,
    log: `${title}\n${empty || renderTable(rows, false)}\n`,
  };
}

const program = new Command("lag")
  .description(
    "Show consumer-group lag (group, topic, partition, current offset, log-end offset, lag, consumer id, host, state) once or every --interval seconds. Connects to KAFKA_BROKERS or 127.0.0.1:9092.",
  )
  .option("--group <id>", "only this consumer group (default: all)")
  .option(
    "--topic <name>",
    "only this topic (default: all)",
    (raw: string) => validateTopicName(raw, "--topic"),
  )
  .option(
    "--interval <seconds>",
    "repeat every S seconds until Ctrl-C",
    positiveNumber("--interval"),
  )
  .option(
    "--count <n>",
    "with --interval: stop after n reports",
    positiveInteger("--count"),
  )
  .option("--log <file>", "also append each report to this file")
  .option("--json", "print one JSON object per report")
  .action(async (flags: LagFlags) => {
    if (flags.count !== undefined && flags.interval === undefined) {
      throw new TypeError("--count needs --interval");
    }
    const client = createKafka({ clientId: "wrapped-streams-lag" });
    const admin = await client.connectAdmin();
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    Deno.addSignalListener("SIGINT", onSigint);
    let reports = 0;
    try {
      while (true) {
        const rows = await describeConsumerLag(admin, {
          groupId: flags.group,
          topic: flags.topic,
        }).catch((error) => {
          throw client.describeFailure(error);
        });
        const { screen, log } = report(rows, flags, new Date());
        console.log(screen);
        if (flags.log) {
          await Deno.writeTextFile(flags.log, log + (flags.json ? "\n" : ""), {
            append: true,
          });
        }
        reports++;
        if (flags.interval === undefined) break;
        if (flags.count !== undefined && reports >= flags.count) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, flags.interval! * 1000);
          function done() {
            clearTimeout(timer);
            controller.signal.removeEventListener("abort", done);
            resolve();
          }
          controller.signal.addEventListener("abort", done, { once: true });
        });
        if (controller.signal.aborted) break;
      }
    } finally {
      Deno.removeSignalListener("SIGINT", onSigint);
      await admin.close();
    }
    if (flags.interval !== undefined) {
      console.error(
        `lag: ${reports} report(s)${
          flags.log ? ` appended to ${flags.log}` : ""
        }`,
      );
    }
  });

if (import.meta.main) await runCli(program);
