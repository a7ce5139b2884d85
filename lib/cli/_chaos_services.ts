/**
 * The chaos harness's own broker and Azurite: started on ports of their
 * own with their data in the harness's work directory (so a chaos run
 * never kills a broker someone else uses), killed with SIGKILL and
 * restarted on the same data.
 *
 * @module
 */
import { join } from "node:path";
import { startAzurite, stopAzurite } from "../azurite/mod.ts";
import {
  type BrokerPaths,
  brokerPaths,
  localBrokerPid,
  startLocalBroker,
  stopLocalBroker,
} from "../kafka/mod.ts";
import { waitUntil } from "../support/mod.ts";

/** Ports of the harness's services. */
export interface ChaosPorts {
  /** Kafka client port. */
  kafka: number;
  /** Kafka controller port. */
  controller: number;
  /** Azurite queue port. */
  azurite: number;
}

/** Where the harness's services listen by default (not the usual ports). */
export const CHAOS_PORTS: ChaosPorts = {
  kafka: 19092,
  controller: 19093,
  azurite: 20001,
};

/** The harness's services. */
export class ChaosServices {
  readonly #paths: BrokerPaths;
  readonly #azuriteDir: string;
  readonly #ports: ChaosPorts;
  #connectionString = "";

  /**
   * @param workDir The harness's directory (holds both services' data).
   * @param ports Where they listen.
   */
  constructor(workDir: string, ports: ChaosPorts = CHAOS_PORTS) {
    const kafkaDir = join(workDir, "kafka");
    this.#paths = {
      ...brokerPaths(),
      dataDir: kafkaDir,
      logDirs: join(kafkaDir, "kraft-logs"),
      logsDir: join(kafkaDir, "logs"),
      properties: join(kafkaDir, "server.properties"),
      pidFile: join(kafkaDir, "broker.pid"),
    };
    this.#azuriteDir = join(workDir, "azurite");
    this.#ports = ports;
  }

  /** The environment that points child commands at these services. */
  get env(): Record<string, string> {
    return {
      KAFKA_BROKERS: `127.0.0.1:${this.#ports.kafka}`,
      // a single KRaft node restarted after SIGKILL waits out its old
      // registration (~10-30 s): clients ride it out instead of giving up
      KAFKA_CONNECT_TIMEOUT_MS: "120000",
      AZURE_STORAGE_CONNECTION_STRING: this.#connectionString,
      // dispatch waits for this Azurite's saves before it commits
      AZURITE_DATA_DIR: this.#azuriteDir,
    };
  }

  /** Starts (or restarts on its data) the broker; resolves once it answers. */
  async startBroker(): Promise<void> {
    await Deno.mkdir(this.#paths.dataDir, { recursive: true });
    const info = await startLocalBroker({
      port: this.#ports.kafka,
      controllerPort: this.#ports.controller,
      paths: this.#paths,
    });
    if (info.state === "already-up" && info.pid === undefined) {
      throw new Error(
        `something else answers on 127.0.0.1:${this.#ports.kafka}; run the chaos harness inside its own network namespace (unshare -n)`,
      );
    }
  }

  /** Kills the broker with SIGKILL and waits until it is gone. */
  async killBroker(): Promise<void> {
    const pid = localBrokerPid(this.#paths);
    if (pid === undefined) throw new Error("the chaos broker is not running");
    Deno.kill(pid, "SIGKILL");
    await waitUntil(() => localBrokerPid(this.#paths) === undefined, {
      timeoutMs: 30_000,
      intervalMs: 50,
      what: `the broker (pid ${pid}) to die`,
    });
  }

  /** Starts (or restarts on its data) Azurite; resolves once it answers. */
  async startAzurite(): Promise<void> {
    const instance = await startAzurite({
      port: this.#ports.azurite,
      dataDir: this.#azuriteDir,
    });
    if (!instance.startedNow && instance.pid === undefined) {
      throw new Error(
        `something else answers on 127.0.0.1:${this.#ports.azurite}; run the chaos harness inside its own network namespace (unshare -n)`,
      );
    }
    this.#connectionString = instance.connectionString;
  }

  /** Kills Azurite with SIGKILL and waits until it is gone. */
  async killAzurite(): Promise<void> {
    const { pid } = JSON.parse(
      await Deno.readTextFile(join(this.#azuriteDir, "azurite.pid")),
    ) as { pid: number };
    Deno.kill(pid, "SIGKILL");
    await waitUntil(() => !alive(pid), {
      timeoutMs: 30_000,
      intervalMs: 50,
      what: `Azurite (pid ${pid}) to die`,
    });
  }

  /** Stops both services (cleanly). */
  async stop(): Promise<void> {
    await stopAzurite({ dataDir: this.#azuriteDir }).catch(() => {});
    await stopLocalBroker({ paths: this.#paths }).catch(() => {});
  }
}

function alive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !==
      "Z";
  } catch {
    return false;
  }
}
