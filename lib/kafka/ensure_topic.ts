/**
 * The personality topic: its defaults and idempotent creation with a
 * layout check.
 *
 * @module
 */
import { Admin } from "@platformatic/kafka";
import type { KafkaClient } from "./create_kafka.ts";
import { TopicLayoutError } from "./errors.ts";

/** The default topic of the listening events (DESIGN §4.5). */
export const DEFAULT_TOPIC = "listening-events";
/** Partitions of the topic: one per personality (DESIGN §4.2). */
export const PARTITIONS = 16;

const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

/**
 * Checks a topic name against Kafka's rules.
 *
 * @param topic The name.
 * @param source Named in the error (e.g. `"--topic"`).
 * @returns The name.
 * @throws {TypeError} When it is empty, too long or has other characters
 *   than letters, digits, `.`, `_` and `-`.
 */
export function validateTopicName(topic: string, source = "topic"): string {
  if (!TOPIC_NAME.test(topic) || topic === "." || topic === "..") {
    throw new TypeError(
      `${source} must be 1-249 characters of letters, digits, ".", "_" or "-": got ${
        JSON.stringify(topic)
      }`,
    );
  }
  return topic;
}

/** Options of {@linkcode ensureTopic}. */
export interface EnsureTopicOptions {
  /** Partitions the topic must have. Default {@linkcode PARTITIONS} (16). */
  partitions?: number;
  /** Replicas of a new topic; -1 = the broker's default. Default -1. */
  replicationFactor?: number;
  /** Topic configs of a new topic, e.g. `{ "retention.ms": "3600000" }`. */
  config?: Record<string, string>;
}

/** What {@linkcode ensureTopic} found or did. */
export interface EnsureTopicResult {
  /** The topic. */
  topic: string;
  /** `true` when this call created it. */
  created: boolean;
  /** Its partition count. */
  partitions: number;
}

/**
 * Number of partitions of a topic.
 *
 * @param admin A connected admin.
 * @param topic The topic.
 * @returns The count, or `undefined` when the topic does not exist.
 */
export async function topicPartitionCount(
  admin: Admin,
  topic: string,
): Promise<number | undefined> {
  const topics = await admin.listTopics();
  if (!topics.includes(topic)) return undefined;
  const metadata = await admin.metadata({ topics: [topic], forceUpdate: true });
  return metadata.topics.get(topic)?.partitionsCount;
}

async function ensureWith(
  client: KafkaClient,
  topic: string,
  options: EnsureTopicOptions,
): Promise<EnsureTopicResult> {
  const { partitions = PARTITIONS, replicationFactor = -1, config = {} } =
    options;
  if (!Number.isSafeInteger(partitions) || partitions < 1) {
    throw new RangeError(
      `partitions must be a positive integer: got ${partitions}`,
    );
  }
  const check = (found: number, created: boolean): EnsureTopicResult => {
    if (found !== partitions) {
      throw new TopicLayoutError(
        topic,
        `Topic ${JSON.stringify(topic)} exists with ${found} partitions, ` +
          `but ${partitions} are required${
            partitions === PARTITIONS ? " (one per personality)" : ""
          }; ` +
          `delete it or use another --topic`,
      );
    }
    return { topic, created, partitions: found };
  };
  const admin = new Admin(client.options);
  const count = async () => {
    const metadata = await admin.metadata({
      topics: [topic],
      forceUpdate: true,
    });
    return metadata.topics.get(topic)?.partitionsCount;
  };
  try {
    if ((await admin.listTopics()).includes(topic)) {
      return check((await count())!, false);
    }
    let created = true;
    try {
      await admin.createTopics({
        topics: [topic],
        partitions,
        replicas: replicationFactor,
        configs: Object.entries(config).map(([name, value]) => ({
          name,
          value,
        })),
      });
    } catch (error) {
      if (!/TOPIC_ALREADY_EXISTS|already exists/i.test(errorText(error))) {
        throw error;
      }
      created = false;
    }
    const found = await count();
    if (found === undefined) {
      throw new TopicLayoutError(
        topic,
        `Topic ${JSON.stringify(topic)} was not found after creating it`,
      );
    }
    return check(found, created);
  } catch (error) {
    throw client.describeFailure(error);
  } finally {
    await admin.close().catch(() => {});
  }
}

function errorText(error: unknown): string {
  const parts: string[] = [];
  const walk = (e: unknown, depth: number) => {
    if (!(e instanceof Error) || depth > 4) return;
    parts.push(e.message, String((e as { apiId?: string }).apiId ?? ""));
    for (const inner of (e as { errors?: unknown[] }).errors ?? []) {
      walk(inner, depth + 1);
    }
    walk((e as { cause?: unknown }).cause, depth + 1);
  };
  walk(error, 0);
  return parts.join(" ");
}

/**
 * Creates a topic with the required partition count unless it exists;
 * safe to call concurrently and repeatedly.
 *
 * @param client The cluster (an admin is connected for the call).
 * @param topic The topic name.
 * @param options Partitions (default 16), replication, configs.
 * @returns Whether it was created and its partition count.
 * @throws {TypeError} For an invalid topic name.
 * @throws {TopicLayoutError} When it exists with another partition count.
 * @throws {BrokerUnreachableError} When no broker answers (client form).
 *
 * @example
 * ```ts
 * const client = createKafka();
 * await ensureTopic(client, DEFAULT_TOPIC); // { created: true, partitions: 16 }
 * ```
 */
export function ensureTopic(
  client: KafkaClient,
  topic: string,
  options: EnsureTopicOptions = {},
): Promise<EnsureTopicResult> {
  validateTopicName(topic);
  return ensureWith(client, topic, options);
}

/**
 * Fails unless a topic exists with the expected partition count.
 *
 * @param admin A connected admin.
 * @param topic The topic.
 * @param partitions The required count. Default 16.
 * @throws {TopicLayoutError} When it is missing or has another count.
 */
export async function assertTopicLayout(
  admin: Admin,
  topic: string,
  partitions: number = PARTITIONS,
): Promise<void> {
  const found = await topicPartitionCount(admin, topic);
  if (found === undefined) {
    throw new TopicLayoutError(
      topic,
      `Topic ${
        JSON.stringify(topic)
      } does not exist; create it with: deno task topic:create --topic ${topic}`,
    );
  }
  if (found !== partitions) {
    throw new TopicLayoutError(
      topic,
      `Topic ${
        JSON.stringify(topic)
      } has ${found} partitions, but ${partitions} are required (one per personality)`,
    );
  }
}
