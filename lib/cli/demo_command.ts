/**
 * `deno task demo`: the main job on the embedded defaults. Starts Kafka and
 * Azurite when they are not up, generates a dataset (1,000 users × 30 days
 * by default), replays it through Kafka, runs every analysis until caught
 * up, dispatches every record to its personality's queue, executes the
 * notebooks into the HTML report, prints a summary (events, throughput of
 * each stage, headline findings, where the report is) and stops the
 * services it started.
 *
 * @module
 */
import { Command } from "commander";
import { join, relative, resolve } from "node:path";
import {
  type Finding,
  headlineFindings,
  readTableFiles,
  type TableRows,
} from "../analysis/mod.ts";
import { type BatchProgress, formatLateRows } from "../engine/mod.ts";
import { Instrumentation, printable } from "../support/mod.ts";
import type { EngineEvents } from "../engine/mod.ts";
import { estimateEventCount, generateToFile } from "../generator/mod.ts";
import {
  buildReports,
  ensureJupyter,
  PROJECT_ROOT,
  restoredOutputsNote,
} from "../jupyter/mod.ts";
import { createKafka, type KafkaClient } from "../kafka/mod.ts";
import { html, parameterEnvName, replayDataset } from "../notebook/mod.ts";
import {
  clearQueues,
  connectQueueService,
  dispatchRecords,
  kafkaDispatchSource,
  QueueSender,
  validateQueuePrefix,
} from "../queues/mod.ts";
import { analyzeTopicOnce } from "./_demo_analysis.ts";
import { ensureServices, type StartedServices } from "./_services.ts";
import { positiveInteger, startProgress } from "./mod.ts";
import { runCli } from "./run_cli.ts";

/** One stage's figures in the summary. */
interface StageFigures {
  stage: string;
  records: number;
  seconds: number;
  perSecond: number;
  output: string;
}

interface DemoFlags {
  users: number;
  days: number;
  sessionsPerUser: number;
  seed: number;
  out: string;
  reports: string;
  topic: string;
  prefix: string;
  report: boolean;
  services: boolean;
}

const NOTEBOOKS = [
  "01_generate.ipynb",
  "02_kafka.ipynb",
  "03_stream_analysis.ipynb",
  "04_personality_queues.ipynb",
  "05_wrapped.ipynb",
].map((name) => join(PROJECT_ROOT, "notebooks", name));

function log(line: string): void {
  console.error(line);
}

function shown(path: string): string {
  const rel = relative(Deno.cwd(), path);
  return rel.startsWith("..") ? path : rel;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, (performance.now() - started) / 1000];
}

function figures(
  stage: string,
  records: number,
  seconds: number,
  output: string,
): StageFigures {
  return {
    stage,
    records,
    seconds,
    perSecond: records / Math.max(seconds, 1e-3),
    output,
  };
}

async function freshGroup(client: KafkaClient, groupId: string) {
  await client.withAdmin((admin) =>
    admin.deleteGroups({ groups: [groupId] }).catch(() => {})
  );
}

async function generateStage(flags: DemoFlags, dataset: string) {
  const options = {
    users: flags.users,
    days: flags.days,
    sessionsPerUser: flags.sessionsPerUser,
    seed: flags.seed,
  };
  log(
    `== generate: ${
      flags.users.toLocaleString("en-US")
    } users × ${flags.days} days (seed ${flags.seed}) -> ${shown(dataset)}`,
  );
  const progress = startProgress("generate", estimateEventCount(options));
  const [summary, seconds] = await timed(() =>
    generateToFile(dataset, options).finally(() => progress.stop())
  );
  return figures("generate", summary.events, seconds, shown(dataset));
}

async function replayStage(
  client: KafkaClient,
  dataset: string,
  topic: string,
  events: number,
) {
  log(`== replay: ${shown(dataset)} -> Kafka topic ${topic} (16 partitions)`);
  const progress = startProgress("replay", events, { unit: "records" });
  const [result, seconds] = await timed(() =>
    replayDataset(client, dataset, {
      topic,
      force: true,
      onProgress: ({ acked }) => progress.update(acked),
    }).finally(() => progress.stop())
  );
  return figures(
    "replay",
    result.produced?.acked ?? 0,
    seconds,
    `topic ${topic}`,
  );
}

async function analyzeStage(
  client: KafkaClient,
  topic: string,
  resultsDir: string,
  events: number,
) {
  const groupId = "demo-analyze";
  log(
    `== analyze: every analysis on topic ${topic} (group ${groupId}) until caught up -> ${
      shown(resultsDir)
    }`,
  );
  await freshGroup(client, groupId);
  const progress = startProgress("analyze", events, { unit: "records" });
  const instrumentation = new Instrumentation<EngineEvents>();
  let seen = 0;
  instrumentation.on("engine.batch_end", (batch: BatchProgress) => {
    seen += batch.inputRows;
    progress.update(seen);
  });
  const [summary, seconds] = await timed(() =>
    analyzeTopicOnce(client, {
      topic,
      groupId,
      outDir: resultsDir,
      instrumentation,
    })
      .finally(() => progress.stop())
  );
  const lateRows = formatLateRows(summary.lateRows);
  const late = lateRows === "none"
    ? ""
    : ` (late (row, window) pairs dropped: ${lateRows})`;
  return figures(
    "analyze",
    summary.inputRows,
    seconds,
    `${shown(resultsDir)}${late}`,
  );
}

async function dispatchStage(
  client: KafkaClient,
  topic: string,
  prefix: string,
  events: number,
) {
  const service = connectQueueService();
  const groupId = "demo-dispatch";
  log(
    `== dispatch: topic ${topic} (group ${groupId}) -> 16 queues ${prefix}* at ${service.endpoint}`,
  );
  await clearQueues(service, { prefix });
  await freshGroup(client, groupId);
  const source = kafkaDispatchSource(client, {
    groupId,
    topic,
    fromBeginning: true,
    once: true,
  });
  const progress = startProgress("dispatch", events, { unit: "records" });
  const [summary, seconds] = await timed(async () => {
    try {
      const result = await dispatchRecords(
        source,
        new QueueSender(service, { prefix }),
        {
          onProgress: ({ committedRecords }) =>
            progress.update(committedRecords),
        },
      );
      await source.finished;
      return result;
    } finally {
      progress.stop();
    }
  });
  return figures(
    "dispatch",
    summary.records,
    seconds,
    `${
      summary.messages.toLocaleString("en-US")
    } messages in 16 queues ${prefix}*`,
  );
}

function summaryFragment(stages: StageFigures[], findings: Finding[]) {
  return html`
    <h2>The demo run</h2>
    <table>
      <thead>
        <tr>
          <th>stage</th>
          <th>records</th>
          <th>seconds</th>
          <th>records/s</th>
          <th>output</th>
        </tr>
      </thead>
      <tbody>${stages.map((s) =>
        html`
          <tr>
            <td>${s.stage}</td>
            <td class="num">${s.records.toLocaleString("en-US")}</td>
            <td class="num">${s.seconds.toFixed(1)}</td>
            <td class="num">${Math.round(s.perSecond).toLocaleString(
              "en-US",
            )}</td>
            <td><code>${s.output}</code></td>
          </tr>
        `
      )}</tbody>
    </table>
    <h2>Findings</h2>
    <ul>${findings.map((f) => html`<li><b>${f.label}</b>: ${f.text}</li>`)}</ul>
  `;
}

async function reportStage(
  flags: DemoFlags,
  dataset: string,
  stages: StageFigures[],
  findings: Finding[],
) {
  const reportsDir = resolve(flags.reports);
  log(
    `== report: executing ${NOTEBOOKS.length} notebooks -> ${
      shown(reportsDir)
    }`,
  );
  const jupyter = await ensureJupyter({ log });
  const params: Record<string, string | number | boolean> = {
    users: flags.users,
    days: flags.days,
    sessionsPerUser: flags.sessionsPerUser,
    seed: flags.seed,
    dataset,
    generate: false,
    topic: flags.topic,
    replay: false,
    prefix: flags.prefix,
    dispatch: false,
  };
  const env = Object.fromEntries(
    Object.entries(params).map(([name, value]) => [
      parameterEnvName(name),
      String(value),
    ]),
  );
  const [built, seconds] = await timed(() =>
    buildReports(jupyter, NOTEBOOKS, {
      outDir: reportsDir,
      env,
      indexExtra: summaryFragment(stages, findings),
      generatedBy: "deno task demo",
      onProgress(event) {
        if (event.type === "start") {
          log(
            `report ${event.index + 1}/${event.total}: ${
              shown(event.notebook)
            }`,
          );
        } else {
          log(
            event.entry.ok
              ? `  ok in ${event.entry.seconds.toFixed(1)} s${
                restoredOutputsNote(event.entry)
              }`
              : `  FAILED: ${event.entry.error}`,
          );
        }
      },
    })
  );
  if (!built.ok) {
    const failed = built.entries.filter((e) => !e.ok).map((e) => e.notebook);
    throw new Error(
      `notebook(s) failed: ${failed.join(", ")}; see ${shown(built.indexPath)}`,
    );
  }
  return { indexPath: built.indexPath, seconds };
}

function printSummary(
  flags: DemoFlags,
  stages: StageFigures[],
  findings: Finding[],
  indexPath: string | undefined,
  totalSeconds: number,
) {
  const events = stages[0].records;
  const lines = [
    "",
    `demo: ${events.toLocaleString("en-US")} events from ${
      flags.users.toLocaleString("en-US")
    } users over ${flags.days} days (seed ${flags.seed})`,
  ];
  for (const s of stages) {
    lines.push(
      `  ${s.stage.padEnd(9)} ${
        s.records.toLocaleString("en-US").padStart(11)
      } records in ${s.seconds.toFixed(1).padStart(5)} s  ${
        Math.round(s.perSecond).toLocaleString("en-US").padStart(9)
      } records/s  ${s.output}`,
    );
  }
  lines.push("findings:");
  for (const f of findings) {
    lines.push(`  - ${f.label}: ${printable(f.text)}`);
  }
  lines.push(
    indexPath ? `report: ${shown(indexPath)}` : "report: skipped (--no-report)",
    `done in ${totalSeconds.toFixed(1)} s`,
  );
  console.log(lines.join("\n"));
}

const program = new Command("demo")
  .description(
    "The main job: generate a dataset, replay it through Kafka, run every analysis until caught up, dispatch every record to its personality's Azure queue, execute the notebooks into the HTML report and print a summary. Starts Kafka and Azurite when they are not up and stops what it started.",
  )
  .option("--users <n>", "users to generate", positiveInteger("--users"), 1000)
  .option("--days <n>", "days covered", positiveInteger("--days"), 30)
  .option(
    "--sessions-per-user <n>",
    "listening sessions per user over the period",
    positiveInteger("--sessions-per-user"),
    3,
  )
  .option("--seed <n>", "seed of every random choice", (raw: string) => {
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value)) {
      throw new TypeError(
        `--seed must be an integer: got ${JSON.stringify(raw)}`,
      );
    }
    return value;
  }, 42)
  .option(
    "--out <dir>",
    "folder for the dataset, tables and summary",
    "data/demo",
  )
  .option("--reports <dir>", "folder for the HTML report", "data/reports")
  .option(
    "--topic <name>",
    "Kafka topic of the demo (replaced)",
    "demo-listening-events",
  )
  .option(
    "--prefix <prefix>",
    "queue name prefix",
    validateQueuePrefix,
    "demo-",
  )
  .option("--no-report", "skip executing the notebooks")
  .option(
    "--no-services",
    "do not start Kafka/Azurite (use what is configured)",
  )
  .addHelpText(
    "after",
    "\nExamples:\n  deno task demo\n  deno task demo --users 50 --days 7 --no-report\n",
  )
  .action(async (flags: DemoFlags) => {
    const started = performance.now();
    const out = resolve(flags.out);
    const dataset = join(out, "listening.avro");
    const resultsDir = join(out, "results");
    await Deno.mkdir(out, { recursive: true });
    let services: StartedServices | undefined;
    if (flags.services) {
      log("== services");
      services = await ensureServices(["kafka", "azurite"], log);
    }
    try {
      const client = createKafka();
      const stages: StageFigures[] = [];
      stages.push(await generateStage(flags, dataset));
      const events = stages[0].records;
      stages.push(await replayStage(client, dataset, flags.topic, events));
      stages.push(await analyzeStage(client, flags.topic, resultsDir, events));
      stages.push(
        await dispatchStage(client, flags.topic, flags.prefix, events),
      );
      const tables: TableRows = readTableFiles(resultsDir);
      const findings = headlineFindings(tables);
      let indexPath: string | undefined;
      if (flags.report) {
        const report = await reportStage(flags, dataset, stages, findings);
        indexPath = report.indexPath;
        stages.push(figures("report", 0, report.seconds, shown(indexPath)));
      }
      const totalSeconds = (performance.now() - started) / 1000;
      await Deno.writeTextFile(
        join(out, "summary.json"),
        JSON.stringify(
          {
            users: flags.users,
            days: flags.days,
            sessionsPerUser: flags.sessionsPerUser,
            seed: flags.seed,
            events,
            topic: flags.topic,
            queuePrefix: flags.prefix,
            resultsDir,
            stages,
            findings,
            report: indexPath ?? null,
            seconds: totalSeconds,
          },
          null,
          2,
        ) + "\n",
      );
      printSummary(
        flags,
        stages.filter((s) => s.stage !== "report"),
        findings,
        indexPath,
        totalSeconds,
      );
    } finally {
      await services?.stop();
    }
  });

if (import.meta.main) await runCli(program);
