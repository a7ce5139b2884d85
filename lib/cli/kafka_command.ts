/**
 * `deno task kafka:up|down|status`: the local KRaft broker (or, with
 * `KAFKA_BROKERS`, an existing cluster that is only checked).
 *
 * Exit codes of `status`: 0 up, 3 down (the test task relies on them).
 *
 * @module
 */
import { Command } from "commander";
import { positiveInteger, runCli } from "./mod.ts";
import {
  brokerPaths,
  kafkaConfigFromEnv,
  localBrokerPid,
  probeBroker,
  startLocalBroker,
  stopLocalBroker,
} from "../kafka/mod.ts";

/** Exit code of `status` when no broker answers. */
export const STATUS_DOWN = 3;

const program = new Command("kafka")
  .description(
    "Start, stop or check the local Apache Kafka broker (KRaft, single node, 127.0.0.1:9092). With KAFKA_BROKERS set, only checks that cluster.",
  );

program.command("up")
  .description(
    "fetch the jars (once), format storage (first use), start the broker in the background and wait until it answers",
  )
  .option(
    "--timeout <seconds>",
    "how long to wait for the broker to answer",
    positiveInteger("--timeout"),
    120,
  )
  .option("--heap <MiB>", "JVM maximum heap", positiveInteger("--heap"), 512)
  .action(async (options: { timeout: number; heap: number }) => {
    const config = kafkaConfigFromEnv();
    if (config.external) {
      const probe = await probeBroker({
        brokers: config.brokers,
        timeoutMs: config.connectTimeoutMs,
      });
      if (!probe) {
        throw new Error(
          `KAFKA_BROKERS is set but no broker answers at ${
            config.brokers.join(",")
          }; nothing local is started`,
        );
      }
      console.log(
        `KAFKA_BROKERS is set: using the existing cluster at ${
          config.brokers.join(",")
        } (${probe.brokers.length} broker(s)); nothing started`,
      );
      return;
    }
    const info = await startLocalBroker({
      timeoutMs: options.timeout * 1000,
      heapMiB: options.heap,
      log: (line) => console.error(line),
    });
    const pid = info.pid ? ` (pid ${info.pid})` : "";
    if (info.state === "already-up") {
      console.log(`Kafka is already up at ${info.address}${pid}`);
    } else {
      console.log(
        `Kafka ${info.version} is up at ${info.address}${pid}; logs: ${info.logFile}`,
      );
    }
  });

program.command("down")
  .description("stop the broker that kafka:up started (and nothing else)")
  .option(
    "--timeout <seconds>",
    "how long to wait for a clean shutdown before killing it",
    positiveInteger("--timeout"),
    60,
  )
  .action(async (options: { timeout: number }) => {
    const config = kafkaConfigFromEnv();
    if (config.external) {
      console.log(
        `KAFKA_BROKERS is set (${
          config.brokers.join(",")
        }): nothing local to stop`,
      );
      return;
    }
    const result = await stopLocalBroker({ timeoutMs: options.timeout * 1000 });
    if (!result.stopped) {
      const other = await probeBroker();
      console.log(
        other
          ? `Kafka at ${
            config.brokers[0]
          } was not started by kafka:up; leaving it alone`
          : "Kafka is not running",
      );
      return;
    }
    console.log(
      `Kafka (pid ${result.pid}) stopped${
        result.killed ? " (killed after the timeout)" : ""
      }`,
    );
  });

program.command("status")
  .description("exit 0 when the broker answers, 3 when it does not")
  .action(async () => {
    const config = kafkaConfigFromEnv();
    const probe = await probeBroker({
      brokers: config.brokers,
      timeoutMs: config.external ? config.connectTimeoutMs : 1_500,
    });
    const where = config.brokers.join(",");
    if (!probe) {
      console.log(`Kafka is down (nothing answers at ${where})`);
      Deno.exit(STATUS_DOWN);
    }
    const pid = config.external ? undefined : localBrokerPid();
    console.log(
      `Kafka is up at ${where}: ${probe.brokers.length} broker(s), ${probe.topics} topic(s)${
        pid ? `, pid ${pid}, logs ${brokerPaths().logsDir}/server.log` : ""
      }`,
    );
  });

if (import.meta.main) await runCli(program);
