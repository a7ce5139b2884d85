/**
 * `deno task chaos`: a Jepsen-style, seeded run of the whole pipeline on a
 * real broker and Azurite of its own while injecting faults — SIGKILL of
 * `analyze` (during start-up, during a checkpoint write, mid-run), SIGKILL
 * and restart of the broker during `produce` and during `analyze`, SIGKILL
 * and restart of Azurite during `dispatch`, a burst of garbage messages —
 * then checks, independently of the components under test, that every
 * record is in the topic exactly once, that the result tables equal a
 * batch computation over the input, and that every record reached its
 * queue. Run it inside `unshare -n` (its services use ports 19092, 19093
 * and 20001).
 *
 * @module
 */
import { Command } from "commander";
import Table from "cli-table3";
import { join } from "node:path";
import { writeAvroFile } from "../avro/mod.ts";
import { listeningHistory, SeededRandom } from "../generator/mod.ts";
import { createKafka, ensureTopic } from "../kafka/mod.ts";
import type { ListeningRecord } from "../schema/mod.ts";
import { positiveInteger, runCli } from "./mod.ts";
import { ChaosServices } from "./_chaos_services.ts";
import {
  checkQueues,
  type CheckResult,
  checkTables,
  checkTopic,
} from "./_chaos_verify.ts";
import { type ChaosChild, spawnCommand } from "./_chaos_child.ts";

interface ChaosFlags {
  seed: number;
  faults: number;
  events: number;
  keep?: boolean;
}

/** One injected fault, as the table shows it. */
interface Fault {
  fault: string;
  when: string;
  recoveryS: number | null;
}

const TOPIC = "chaos-events";
/** Tables without colours (the output is read from logs too). */
const PLAIN = { head: [], border: [] };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (line: string) => console.error(`chaos: ${line}`);

/** `events` records of a seeded population, in event-time order. */
function input(events: number, seed: number): ListeningRecord[] {
  const records: ListeningRecord[] = [];
  const history = listeningHistory({
    users: Math.ceil(events / 30) + 10,
    sessionsPerUser: 3,
    days: 7,
    seed,
  });
  for (const record of history) {
    records.push(record);
    if (records.length === events) break;
  }
  return records;
}

/** The largest batch id in the checkpoint's commit log, or -1. */
function lastCommit(checkpoint: string): number {
  try {
    return Math.max(
      -1,
      ...[...Deno.readDirSync(join(checkpoint, "commits"))]
        .map((e) => Number(/^(\d+)\.json$/.exec(e.name)?.[1] ?? -1)),
    );
  } catch {
    return -1;
  }
}

/** A checkpoint's temporary files (being written, or left by a kill). */
function temporaryFiles(checkpoint: string): Set<string> {
  const names = new Set<string>();
  for (const dir of ["offsets", "commits", "data"]) {
    try {
      for (const entry of Deno.readDirSync(join(checkpoint, dir))) {
        if (entry.name.includes(".tmp-")) names.add(`${dir}/${entry.name}`);
      }
    } catch {
      // not created yet
    }
  }
  return names;
}

/** Polls `done()` every 5 ms for at most `timeoutMs`; the time it took. */
async function timeUntil(
  done: () => boolean,
  timeoutMs: number,
): Promise<number | null> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (done()) return (performance.now() - started) / 1000;
    await sleep(5);
  }
  return null;
}

class Scenario {
  readonly faults: Fault[] = [];
  readonly #rng: SeededRandom;
  readonly #services: ChaosServices;
  readonly #work: string;
  readonly #checkpoint: string;
  readonly #out: string;
  #analyzeRuns = 0;

  constructor(seed: number, services: ChaosServices, work: string) {
    this.#rng = new SeededRandom(seed);
    this.#services = services;
    this.#work = work;
    this.#checkpoint = join(work, "checkpoint");
    this.#out = join(work, "results");
  }

  get out(): string {
    return this.#out;
  }

  /** A seeded delay in [min, max) ms. */
  #delay(min: number, max: number): number {
    return min + this.#rng.int(max - min);
  }

  #spawn(file: string, args: string[], label: string): ChaosChild {
    return spawnCommand(file, args, {
      env: this.#services.env,
      log: join(this.#work, `${label}.log`),
    });
  }

  /** Restarts the broker after a seeded pause; the seconds until it answers. */
  async #bounceBroker(): Promise<number> {
    const killed = performance.now();
    await this.#services.killBroker();
    await sleep(this.#delay(500, 2_000));
    await this.#services.startBroker();
    return (performance.now() - killed) / 1000;
  }

  /** `produce` of the input file, with the broker killed while it runs. */
  async produce(file: string, events: number): Promise<void> {
    const child = this.#spawn("produce_command.ts", [
      `--file=${file}`,
      `--topic=${TOPIC}`,
      `--rate=${Math.max(100, Math.floor(events / 6))}`,
    ], "produce");
    const at = this.#delay(1_500, 3_000);
    await sleep(at);
    if (child.exited) {
      throw new Error("produce finished before the broker was killed");
    }
    const recovery = await this.#bounceBroker();
    this.faults.push({
      fault: "SIGKILL + restart of the broker during produce",
      when: `${(at / 1000).toFixed(1)} s into produce`,
      recoveryS: recovery,
    });
    const code = await child.status;
    if (code !== 0) throw new Error(`produce failed (exit ${code})`);
  }

  /** A burst of messages that are not listening records. */
  async garbage(count: number): Promise<void> {
    const client = createKafka({ brokers: [this.#services.env.KAFKA_BROKERS] });
    const producer = await client.connectProducer();
    try {
      await producer.send({
        messages: Array.from({ length: count }, () => ({
          topic: TOPIC,
          partition: this.#rng.int(16),
          value: Buffer.from(
            Array.from(
              { length: 1 + this.#rng.int(64) },
              () => this.#rng.int(256),
            ),
          ),
        })),
      });
    } finally {
      await producer.close();
    }
    this.faults.push({
      fault: `a burst of ${count} garbage messages`,
      when: "before analyze and dispatch",
      recoveryS: null,
    });
  }

  #spawnAnalyze(maxBatch: number): ChaosChild {
    return this.#spawn("analyze_command.ts", [
      `--topic=${TOPIC}`,
      "--group=chaos-analyze",
      `--checkpoint=${this.#checkpoint}`,
      "--from-beginning",
      "--once",
      `--max-batch=${maxBatch}`,
      `--out=${this.#out}`,
    ], `analyze-${this.#analyzeRuns++}`);
  }

  /** Seconds until a run after a kill commits a new batch (or finishes). */
  async #recovery(child: ChaosChild, before: number): Promise<number | null> {
    return await timeUntil(
      () => lastCommit(this.#checkpoint) > before || child.exited,
      120_000,
    );
  }

  /** `analyze` killed `kills` times (and the broker once), then finished. */
  async analyze(kills: number, maxBatch: number): Promise<void> {
    const kinds = ["checkpoint write", "start-up", "mid-run"] as const;
    const brokerAt = Math.floor(kills / 2);
    let child = this.#spawnAnalyze(maxBatch);
    for (let k = 0; k < kills; k++) {
      if (k === brokerAt) {
        await sleep(this.#delay(300, 1_500));
        const before = lastCommit(this.#checkpoint);
        const at = `batch ${before + 1} of analyze`;
        await this.#bounceBroker();
        const recovery = await this.#recovery(child, before);
        this.faults.push({
          fault: "SIGKILL + restart of the broker during analyze",
          when: at,
          recoveryS: recovery,
        });
        if (child.exited && (await child.status) !== 0) {
          child = this.#spawnAnalyze(maxBatch); // it gave up: run it again
        }
      }
      const kind = kinds[k % kinds.length];
      if (kind === "start-up") {
        child.kill();
        await child.status;
        child = this.#spawnAnalyze(maxBatch);
        await sleep(this.#delay(100, 1_200));
      } else if (kind === "checkpoint write") {
        const left = temporaryFiles(this.#checkpoint);
        const writing = () =>
          [...temporaryFiles(this.#checkpoint)].some((n) => !left.has(n));
        await timeUntil(() => writing() || child.exited, 60_000);
      } else {
        await sleep(this.#delay(200, 2_000));
      }
      if (child.exited) {
        say(`analyze finished before fault ${k + 1} (${kind}); skipped`);
        break;
      }
      const before = lastCommit(this.#checkpoint);
      child.kill();
      await child.status;
      child = this.#spawnAnalyze(maxBatch);
      this.faults.push({
        fault: `SIGKILL of analyze during ${kind}`,
        when: `batch ${before + 1}`,
        recoveryS: await this.#recovery(child, before),
      });
    }
    const code = await child.status;
    if (code !== 0) throw new Error(`the last analyze failed (exit ${code})`);
  }

  /** `dispatch --once`, with Azurite killed while it runs. */
  async dispatch(): Promise<void> {
    const args = [
      `--topic=${TOPIC}`,
      "--group=chaos-dispatch",
      "--from-beginning",
      "--once",
    ];
    const child = this.#spawn("dispatch_command.ts", args, "dispatch");
    const at = this.#delay(1_500, 3_500);
    await sleep(at);
    if (!child.exited) {
      const killed = performance.now();
      await this.#services.killAzurite();
      await sleep(this.#delay(300, 1_500));
      await this.#services.startAzurite();
      this.faults.push({
        fault: "SIGKILL + restart of Azurite during dispatch",
        when: `${(at / 1000).toFixed(1)} s into dispatch`,
        recoveryS: (performance.now() - killed) / 1000,
      });
    } else say("dispatch finished before Azurite was killed");
    if ((await child.status) !== 0) {
      say("dispatch stopped on the outage; running it again (it resumes)");
      const again = this.#spawn("dispatch_command.ts", args, "dispatch-2");
      const code = await again.status;
      if (code !== 0) throw new Error(`dispatch failed again (exit ${code})`);
    }
  }

  /** The queues as `queue-stats --drain --json` counts them. */
  async drainQueues(): Promise<
    Parameters<typeof checkQueues>[1]
  > {
    const child = this.#spawn(
      "queue_stats_command.ts",
      ["--drain", "--json"],
      "queue-stats",
    );
    const code = await child.status;
    if (code !== 0) {
      throw new Error(`queue-stats --drain failed (exit ${code})`);
    }
    const text = await Deno.readTextFile(join(this.#work, "queue-stats.log"));
    const start = text.indexOf("[\n");
    return JSON.parse(text.slice(start, text.indexOf("\n]", start) + 2));
  }
}

function faultTable(faults: Fault[]): string {
  const table = new Table({
    head: ["fault", "when", "recovery s"],
    style: PLAIN,
  });
  for (const f of faults) {
    table.push([
      f.fault,
      f.when,
      f.recoveryS === null ? "-" : f.recoveryS.toFixed(1),
    ]);
  }
  return table.toString();
}

function checkTable(checks: Record<string, CheckResult>): string {
  const table = new Table({
    head: ["check", "lost", "doubled", "detail"],
    style: PLAIN,
  });
  for (const [name, c] of Object.entries(checks)) {
    table.push([name, c.lost, c.duplicates, c.detail]);
  }
  return table.toString();
}

async function chaos(flags: ChaosFlags): Promise<boolean> {
  const work = await Deno.makeTempDir({ prefix: "chaos-" });
  const services = new ChaosServices(work);
  const scenario = new Scenario(flags.seed, services, work);
  say(
    `seed ${flags.seed}, ${flags.events} events, ${flags.faults} analyze kills; work directory ${work}`,
  );
  try {
    say("starting a broker and Azurite of its own");
    await services.startBroker();
    await services.startAzurite();
    const records = input(flags.events, flags.seed);
    const file = join(work, "events.avro");
    await writeAvroFile(file, records);
    await ensureTopic(
      createKafka({ brokers: [services.env.KAFKA_BROKERS] }),
      TOPIC,
    );
    say(`producing ${records.length} events; the broker will be killed`);
    await scenario.produce(file, records.length);
    await scenario.garbage(25);
    say("analyze with a checkpoint, killed again and again");
    await scenario.analyze(
      flags.faults,
      Math.max(100, Math.floor(records.length / 25)),
    );
    say("dispatch to the queues; Azurite will be killed");
    await scenario.dispatch();
    say("checking");
    const checks = {
      "topic: every record exactly once": await checkTopic(records, {
        topic: TOPIC,
        brokers: services.env.KAFKA_BROKERS,
      }),
      "tables = batch computation": await checkTables(records, scenario.out),
      "queues: every record, counted once": checkQueues(
        records,
        await scenario.drainQueues(),
      ),
    };
    console.log(faultTable(scenario.faults));
    console.log(checkTable(checks));
    const c = Object.values(checks);
    const lost = checks["topic: every record exactly once"].lost;
    const results = checks["tables = batch computation"];
    const queues = checks["queues: every record, counted once"];
    console.log(
      `chaos: ${scenario.faults.length} faults injected, ${lost} records lost, ${
        results.duplicates + results.lost
      } duplicates in results, ${
        checks["topic: every record exactly once"].duplicates
      } duplicates in the topic, ${queues.lost} records missing from queues (seed ${flags.seed}, ${records.length} events)`,
    );
    return c.every((x) => x.lost === 0 && x.duplicates === 0);
  } finally {
    await services.stop();
    if (flags.keep) say(`kept ${work}`);
    else await Deno.remove(work, { recursive: true }).catch(() => {});
  }
}

const program = new Command("chaos")
  .description(
    "Jepsen-style fault run of the whole pipeline on a broker and Azurite of its own (ports 19092/19093 and 20001; run it inside unshare -n): produce with the broker killed, a burst of garbage messages, analyze --checkpoint killed --faults times (start-up, checkpoint write, mid-run) and the broker killed once, dispatch with Azurite killed; then checks every record is in the topic exactly once, the tables equal a batch computation, and every record reached its queue. Exits 1 on loss or duplication.",
  )
  .option(
    "--seed <n>",
    "seed of the input and of every fault's timing",
    positiveInteger("--seed"),
    1,
  )
  .option("--faults <n>", "SIGKILLs of analyze", positiveInteger("--faults"), 5)
  .option(
    "--events <n>",
    "events produced",
    positiveInteger("--events"),
    20_000,
  )
  .option("--keep", "keep the work directory (logs of every process)")
  .action(async (flags: ChaosFlags) => {
    if (!(await chaos(flags))) Deno.exit(1);
  });

if (import.meta.main) await runCli(program);
