/**
 * Files of the local broker: where its jars, configuration, data, logs and
 * pid file live, resolving the jars with Maven, and rendering the KRaft
 * configuration from `kafka/server.properties.template`.
 *
 * @module
 */
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Paths of the local broker, all absolute. */
export interface BrokerPaths {
  /** `kafka/pom.xml`: the pinned Apache Kafka artifacts. */
  pom: string;
  /** `kafka/lib/`: jars resolved by Maven (git-ignored). */
  libDir: string;
  /** `kafka/server.properties.template`. */
  template: string;
  /** `kafka/log4j2.yaml`. */
  log4jConfig: string;
  /** `data/kafka/`: everything the running broker writes. */
  dataDir: string;
  /** `data/kafka/kraft-logs/`: the topic partitions and metadata log. */
  logDirs: string;
  /** `data/kafka/logs/`: `server.log` and the JVM's `stdout.log`. */
  logsDir: string;
  /** `data/kafka/server.properties`: the rendered configuration. */
  properties: string;
  /** `data/kafka/broker.pid`: pid of the JVM started by `kafka:up`. */
  pidFile: string;
}

/**
 * The local broker's paths under a project root.
 *
 * @param root Project root; default this repository's.
 * @returns The paths.
 */
export function brokerPaths(root: string = ROOT): BrokerPaths {
  const join = (...parts: string[]) =>
    [root.replace(/\/$/, ""), ...parts].join("/");
  return {
    pom: join("kafka", "pom.xml"),
    libDir: join("kafka", "lib"),
    template: join("kafka", "server.properties.template"),
    log4jConfig: join("kafka", "log4j2.yaml"),
    dataDir: join("data", "kafka"),
    logDirs: join("data", "kafka", "kraft-logs"),
    logsDir: join("data", "kafka", "logs"),
    properties: join("data", "kafka", "server.properties"),
    pidFile: join("data", "kafka", "broker.pid"),
  };
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(text),
  );
  return [...new Uint8Array(digest)]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/**
 * Makes sure `kafka/lib/` holds the jars of `kafka/pom.xml`, running
 * `mvn dependency:copy-dependencies` when the pom changed since the last
 * resolution (a stamp file records its hash).
 *
 * @param paths The broker's paths.
 * @param log Receives progress lines.
 * @returns Whether Maven ran.
 * @throws {Error} When Maven is missing or fails (its output is included).
 */
export async function resolveBrokerJars(
  paths: BrokerPaths,
  log: (line: string) => void = () => {},
): Promise<boolean> {
  const stamp = `${paths.libDir}/.pom-sha256`;
  const want = await sha256Hex(await Deno.readTextFile(paths.pom));
  if (exists(stamp) && (await Deno.readTextFile(stamp)).trim() === want) {
    return false;
  }
  log(`Resolving Kafka jars with Maven into ${paths.libDir} (once) ...`);
  await Deno.remove(paths.libDir, { recursive: true }).catch(() => {});
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command("mvn", {
      args: ["-q", "-B", "-f", paths.pom, "dependency:copy-dependencies"],
      stdin: "null",
    }).output();
  } catch (error) {
    throw new Error("Maven (mvn) is needed to fetch the Kafka jars", {
      cause: error,
    });
  }
  if (!output.success) {
    const text = new TextDecoder().decode(output.stdout) +
      new TextDecoder().decode(output.stderr);
    throw new Error(
      `mvn dependency:copy-dependencies failed (exit ${output.code}):\n${
        text.trim().split("\n").slice(-20).join("\n")
      }`,
    );
  }
  await Deno.writeTextFile(stamp, want + "\n");
  return true;
}

/** The pinned Kafka version, read from `kafka/pom.xml`. */
export function pinnedKafkaVersion(paths: BrokerPaths): string {
  const pom = Deno.readTextFileSync(paths.pom);
  return /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1] ??
    "unknown";
}

/** Listener addresses of the local broker. */
export interface BrokerListeners {
  /** Host of both listeners. Default `127.0.0.1` (loopback only). */
  host: string;
  /** Client port. Default 9092. */
  port: number;
  /** KRaft controller port. Default 9093. */
  controllerPort: number;
}

/**
 * Writes `data/kafka/server.properties` from the template.
 *
 * @param paths The broker's paths.
 * @param listeners Where to listen.
 */
export async function renderBrokerConfig(
  paths: BrokerPaths,
  listeners: BrokerListeners,
): Promise<void> {
  const values: Record<string, string> = {
    HOST: listeners.host,
    PORT: String(listeners.port),
    CONTROLLER_HOST: listeners.host,
    CONTROLLER_PORT: String(listeners.controllerPort),
    LOG_DIRS: paths.logDirs,
  };
  const text = (await Deno.readTextFile(paths.template)).replace(
    /\$\{([A-Z_]+)\}/g,
    (whole, name: string) => values[name] ?? whole,
  );
  await Deno.mkdir(paths.dataDir, { recursive: true });
  await Deno.writeTextFile(paths.properties, text);
}

/** Java command prefix for the broker's classpath with a small heap. */
export function javaArgs(paths: BrokerPaths, heapMiB: number): string[] {
  return [
    `-Xms${Math.min(128, heapMiB)}m`,
    `-Xmx${heapMiB}m`,
    "-XX:+UseG1GC",
    "-XX:MaxGCPauseMillis=20",
    "-Djava.awt.headless=true",
    `-Dlog4j2.configurationFile=${paths.log4jConfig}`,
    `-Dkafka.logs.dir=${paths.logsDir}`,
    "-cp",
    `${paths.libDir}/*`,
  ];
}

/**
 * Formats the KRaft storage on first use (when `meta.properties` is
 * missing); later starts keep the data.
 *
 * @param paths The broker's paths.
 * @param log Receives progress lines.
 * @returns Whether it formatted.
 * @throws {Error} When the storage tool fails (its output is included).
 */
export async function formatStorageOnce(
  paths: BrokerPaths,
  log: (line: string) => void = () => {},
): Promise<boolean> {
  if (exists(`${paths.logDirs}/meta.properties`)) return false;
  log(`Formatting KRaft storage in ${paths.logDirs} (first use) ...`);
  await Deno.mkdir(paths.logsDir, { recursive: true });
  const run = async (args: string[]) => {
    const out = await new Deno.Command("java", {
      args: [...javaArgs(paths, 256), "kafka.tools.StorageTool", ...args],
      stdin: "null",
    }).output();
    const text = new TextDecoder().decode(out.stdout).trim();
    if (!out.success) {
      throw new Error(
        `kafka-storage ${args[0]} failed (exit ${out.code}): ${text}\n${
          new TextDecoder().decode(out.stderr).trim()
        }`,
      );
    }
    return text;
  };
  const clusterId = (await run(["random-uuid"])).split("\n").pop()!.trim();
  await run([
    "format",
    "--standalone",
    "-t",
    clusterId,
    "-c",
    paths.properties,
  ]);
  return true;
}
