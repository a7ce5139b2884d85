/**
 * Cleaning up what a test put into Kafka and Azurite (private to the
 * report and demo tests).
 *
 * @module
 */
import { createKafka } from "../../lib/kafka/mod.ts";
import { PERSONALITY_NAMES } from "../../lib/personalities/mod.ts";
import { connectQueueService, queueName } from "../../lib/queues/mod.ts";

/** A unique suffix for topic and queue names of one test run. */
export function uniqueSuffix(): string {
  return crypto.randomUUID().replaceAll("-", "").slice(0, 8);
}

/** Deletes the topic (if present) and the 16 queues with the prefix. */
export async function removeTopicAndQueues(
  topic: string,
  prefix: string,
): Promise<void> {
  await createKafka().withAdmin(async (admin) => {
    if ((await admin.listTopics()).includes(topic)) {
      await admin.deleteTopics({ topics: [topic] });
    }
  });
  const service = connectQueueService();
  for (const personality of PERSONALITY_NAMES) {
    await service.client.getQueueClient(queueName(personality, { prefix }))
      .deleteIfExists();
  }
}

/** Runs `deno task <args>` and returns its exit code and output. */
export async function denoTask(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", ...args],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}
