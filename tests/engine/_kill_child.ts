/**
 * Child process of the kill-and-restart tests: runs three queries over an
 * Avro file or a Kafka topic with a checkpoint directory and JSON-file
 * sinks, printing `batch <id>` after each batch. With
 * `--die-after-checkpoint N` it SIGKILLs itself after batch N's checkpoint
 * is written and before the source commits (Kafka offsets).
 *
 * Usage: _kill_child.ts --out DIR --checkpoint DIR (--file PATH | --topic T --group G)
 *        [--batch N] [--die-after-checkpoint N]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { runOnce, type Source } from "../../lib/engine/mod.ts";
import { kafkaSource, listeningFileSource } from "../../lib/sources/mod.ts";
import { childQueries } from "./_kill_queries.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    out: { type: "string" },
    checkpoint: { type: "string" },
    file: { type: "string" },
    topic: { type: "string" },
    group: { type: "string" },
    batch: { type: "string", default: "500" },
    "die-after-checkpoint": { type: "string" },
  },
});

if (import.meta.main) {
  let source: Source = values.file
    ? listeningFileSource(values.file)
    : kafkaSource({ topic: values.topic!, groupId: values.group! });

  const dieAt = values["die-after-checkpoint"];
  if (dieAt !== undefined) {
    // commit() runs right after the checkpoint of the batch
    let batches = 0;
    const inner = source;
    source = {
      ...inner,
      id: inner.id,
      columns: inner.columns,
      open: inner.open.bind(inner),
      poll: inner.poll.bind(inner),
      close: inner.close.bind(inner),
      commit: (position) => {
        if (batches++ === Number(dieAt)) Deno.kill(Deno.pid, "SIGKILL");
        return inner.commit(position);
      },
    };
  }
  await runOnce(childQueries(source, values.out!), {
    checkpointDir: values.checkpoint,
    maxRecordsPerBatch: Number(values.batch),
    logProgress: true,
    logger: {
      log: (_level, message) => {
        const match = /^batch (\d+)/.exec(message);
        if (match) console.log(`batch ${match[1]}`);
      },
    },
  });
  console.log("done");
}
