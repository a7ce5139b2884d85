/**
 * The local single-node KRaft broker behind `deno task kafka:up|down|status`:
 * started detached (it outlives the command), found again through its pid
 * file, and stopped only when it is the process `kafka:up` started.
 *
 * @module
 */
import { tailLines, waitUntil } from "../support/mod.ts";
import {
  type BrokerListeners,
  type BrokerPaths,
  brokerPaths,
  formatStorageOnce,
  javaArgs,
  pinnedKafkaVersion,
  renderBrokerConfig,
  resolveBrokerJars,
} from "./_broker_files.ts";
import { createKafka } from "./create_kafka.ts";

export type { BrokerPaths } from "./_broker_files.ts";
export { brokerPaths } from "./_broker_files.ts";

/** What a probe of a cluster found. */
export interface BrokerProbe {
  /** Addresses of the brokers in the cluster, `host:port`. */
  brokers: string[];
  /** The controller's node id. */
  controller: number | null;
  /** The cluster id. */
  clusterId: string;
  /** Number of topics. */
  topics: number;
}

/** Options of {@linkcode probeBroker}. */
export interface ProbeBrokerOptions {
  /** Addresses to probe; default from the environment (`KAFKA_BROKERS` or local). */
  brokers?: string[];
  /** Give up after this many milliseconds. Default 1,500. */
  timeoutMs?: number;
}

/**
 * Asks a cluster for its metadata once, with a short deadline.
 *
 * @param options Where and how long.
 * @returns What it found, or `undefined` when nothing answered.
 */
export async function probeBroker(
  options: ProbeBrokerOptions = {},
): Promise<BrokerProbe | undefined> {
  const client = createKafka({
    brokers: options.brokers,
    connectTimeoutMs: options.timeoutMs ?? 1_500,
    clientId: "wrapped-streams-probe",
  });
  try {
    return await client.withAdmin(async (admin) => {
      const cluster = await admin.metadata({ topics: [] });
      const topics = await admin.listTopics();
      return {
        brokers: [...cluster.brokers.values()].map((b) =>
          `${b.host}:${b.port}`
        ),
        controller: cluster.controllerId,
        clusterId: cluster.id,
        topics: topics.length,
      };
    });
  } catch {
    return undefined;
  }
}

/** Options of {@linkcode startLocalBroker}. */
export interface StartLocalBrokerOptions extends Partial<BrokerListeners> {
  /** Wait at most this long for the broker to answer, in ms. Default 120,000. */
  timeoutMs?: number;
  /** JVM maximum heap in MiB. Default 512. */
  heapMiB?: number;
  /** Receives progress lines. Default: nothing. */
  log?: (line: string) => void;
  /** Paths; default this repository's `kafka/` and `data/kafka/`. */
  paths?: BrokerPaths;
}

/** What {@linkcode startLocalBroker} did. */
export interface LocalBrokerInfo {
  /** `"started"` now, or `"already-up"` (something answered already). */
  state: "started" | "already-up";
  /** Client address, `host:port`. */
  address: string;
  /** Pid of the JVM that `kafka:up` started, when known. */
  pid?: number;
  /** The broker's log file. */
  logFile: string;
  /** The pinned Kafka version. */
  version: string;
}

function processState(pid: number): string | undefined {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  } catch {
    return undefined;
  }
}

/**
 * The pid of the broker `kafka:up` started, if that process still runs
 * (checked against its command line, so a reused pid is not mistaken).
 *
 * @param paths The broker's paths.
 * @returns The pid, or `undefined`.
 */
export function localBrokerPid(
  paths: BrokerPaths = brokerPaths(),
): number | undefined {
  let pid: number;
  try {
    pid = Number(Deno.readTextFileSync(paths.pidFile).trim());
  } catch {
    return undefined;
  }
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  const state = processState(pid);
  if (state === undefined || state === "Z") return undefined;
  try {
    const cmdline = Deno.readTextFileSync(`/proc/${pid}/cmdline`);
    if (cmdline.includes("kafka.Kafka") && cmdline.includes(paths.properties)) {
      return pid;
    }
  } catch {
    // The process ended between the two reads.
  }
  return undefined;
}

/**
 * Starts the local broker unless one already answers: resolves the jars
 * (once), writes the configuration, formats storage (first use), launches
 * the JVM detached, records its pid and waits until it answers.
 *
 * @param options Listeners, deadline, heap and a progress sink.
 * @returns Where it listens, its pid and log file.
 * @throws {Error} When Maven or Java fail, the JVM exits early (with the
 *   log's last lines), or it does not answer before the deadline (then it
 *   is stopped again).
 */
export async function startLocalBroker(
  options: StartLocalBrokerOptions = {},
): Promise<LocalBrokerInfo> {
  const {
    host = "127.0.0.1",
    port = 9092,
    controllerPort = 9093,
    timeoutMs = 120_000,
    heapMiB = 512,
    log = () => {},
    paths = brokerPaths(),
  } = options;
  const address = `${host}:${port}`;
  const logFile = `${paths.logsDir}/server.log`;
  const version = pinnedKafkaVersion(paths);
  let pid = localBrokerPid(paths);
  if (await probeBroker({ brokers: [address] })) {
    return { state: "already-up", address, pid, logFile, version };
  }
  if (pid === undefined) {
    await resolveBrokerJars(paths, log);
    await renderBrokerConfig(paths, { host, port, controllerPort });
    await formatStorageOnce(paths, log);
    await Deno.mkdir(paths.logsDir, { recursive: true });
    const stdoutLog = `${paths.logsDir}/stdout.log`;
    const child = new Deno.Command("sh", {
      args: [
        "-c",
        'exec "$@" >>"$KAFKA_STDOUT_LOG" 2>&1',
        "sh",
        "java",
        ...javaArgs(paths, heapMiB),
        `-XX:ErrorFile=${paths.logsDir}/hs_err_%p.log`,
        "kafka.Kafka",
        paths.properties,
      ],
      env: { KAFKA_STDOUT_LOG: stdoutLog },
      stdin: "null",
      stdout: "null",
      stderr: "null",
      detached: true,
    }).spawn();
    child.unref();
    pid = child.pid;
    await Deno.writeTextFile(paths.pidFile, `${pid}\n`);
    log(`Started Kafka ${version} (pid ${pid}); waiting for ${address} ...`);
  } else {
    log(`Kafka (pid ${pid}) is starting; waiting for ${address} ...`);
  }
  const started = pid;
  try {
    await waitUntil(async () => {
      const state = processState(started);
      if (state === undefined || state === "Z") {
        throw new Error(
          `the Kafka JVM (pid ${started}) exited during startup; last lines of ${logFile}:\n${
            tailLines(logFile, 15)
          }\n${tailLines(`${paths.logsDir}/stdout.log`, 10)}`,
        );
      }
      return await probeBroker({ brokers: [address] });
    }, {
      timeoutMs,
      intervalMs: 500,
      what: `Kafka at ${address}`,
    });
  } catch (error) {
    const state = processState(started);
    if (state !== undefined && state !== "Z") {
      Deno.kill(started, "SIGKILL");
      await Deno.remove(paths.pidFile).catch(() => {});
    }
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Error && cause.message.includes("exited")) throw cause;
    throw error;
  }
  return { state: "started", address, pid, logFile, version };
}

/** Options of {@linkcode stopLocalBroker}. */
export interface StopLocalBrokerOptions {
  /** Wait this long for a clean shutdown before SIGKILL, in ms. Default 60,000. */
  timeoutMs?: number;
  /** Paths; default this repository's. */
  paths?: BrokerPaths;
}

/** What {@linkcode stopLocalBroker} did. */
export interface StopResult {
  /** Whether a process was stopped. */
  stopped: boolean;
  /** Its pid. */
  pid?: number;
  /** `true` when it had to be killed after the deadline. */
  killed?: boolean;
}

/**
 * Stops the broker that `kafka:up` started (and nothing else): SIGTERM for
 * a controlled shutdown, waiting until it exits; SIGKILL after the deadline.
 *
 * @param options Deadline and paths.
 * @returns Whether it stopped something.
 */
export async function stopLocalBroker(
  options: StopLocalBrokerOptions = {},
): Promise<StopResult> {
  const { timeoutMs = 60_000, paths = brokerPaths() } = options;
  const pid = localBrokerPid(paths);
  if (pid === undefined) {
    await Deno.remove(paths.pidFile).catch(() => {});
    return { stopped: false };
  }
  Deno.kill(pid, "SIGTERM");
  let killed = false;
  try {
    await waitUntil(() => localBrokerPid(paths) === undefined, {
      timeoutMs,
      intervalMs: 200,
      what: `Kafka (pid ${pid}) to exit`,
    });
  } catch {
    Deno.kill(pid, "SIGKILL");
    killed = true;
    await waitUntil(() => localBrokerPid(paths) === undefined, {
      timeoutMs: 10_000,
      what: `Kafka (pid ${pid}) to exit after SIGKILL`,
    });
  }
  await Deno.remove(paths.pidFile).catch(() => {});
  return { stopped: true, pid, killed };
}
