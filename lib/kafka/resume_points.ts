/**
 * Resuming a replay of a file: how much of it is already in the topic.
 * A file's order is deterministic and every personality has its own
 * partition, kept in file order by the producer, so each partition holds a
 * prefix of the file's records of that personality. The last message of a
 * partition says how long that prefix is (its record id, DESIGN §4.7:
 * `user_id` + `start_time`); a resumed replay skips it.
 *
 * @module
 */
import { personalityIndex } from "../personalities/mod.ts";
import type { ListeningRecord } from "../schema/mod.ts";
import type { KafkaClient } from "./create_kafka.ts";
import { openKafkaReader } from "./kafka_reader.ts";
import { decodeListeningMessage } from "./listening_message_codec.ts";
import type { RecordSource } from "./produce_listening.ts";
import { topicEndOffsets } from "./topic_end_offsets.ts";

/** Thrown when the topic does not hold a prefix of the file. */
export class ResumeMismatchError extends Error {
  /** Creates the error. */
  constructor(message: string) {
    super(message);
    this.name = "ResumeMismatchError";
  }
}

/** Where a partition's replay resumes. */
export interface ResumePoint {
  /** The partition. */
  partition: number;
  /** Messages in the partition (high − low watermark). */
  messages: number;
  /** The file's records of this partition already in the topic. */
  skip: number;
}

const sameRecord = (a: ListeningRecord, b: ListeningRecord) =>
  a.user_id === b.user_id &&
  a.listening_time.start_time === b.listening_time.start_time;

const idOf = (r: ListeningRecord) =>
  `${r.user_id}:${r.listening_time.start_time}`;

async function* each(source: RecordSource): AsyncIterable<ListeningRecord> {
  for await (const item of source) {
    if (Array.isArray(item)) yield* item as ListeningRecord[];
    else yield item as ListeningRecord;
  }
}

/**
 * Reads the last message of every non-empty partition.
 *
 * @param client The cluster.
 * @param topic The topic.
 * @param timeoutMs How long to wait for the messages.
 * @returns Partition → its last record, and the message counts.
 */
async function lastRecords(
  client: KafkaClient,
  topic: string,
  timeoutMs: number,
): Promise<
  { last: Map<number, ListeningRecord>; counts: Map<number, number> }
> {
  const ends = await client.withAdmin((admin) => topicEndOffsets(admin, topic));
  const counts = new Map(ends.map((e) => [e.partition, e.high - e.low]));
  const assign = new Map(
    ends.filter((e) => e.high > e.low).map((e) => [e.partition, e.high - 1]),
  );
  const last = new Map<number, ListeningRecord>();
  if (assign.size === 0) return { last, counts };
  const reader = await openKafkaReader(client, { topic, assign });
  try {
    const deadline = Date.now() + timeoutMs;
    while (last.size < assign.size) {
      if (Date.now() > deadline) {
        throw new Error(
          `could not read the last message of ${
            assign.size - last.size
          } partition(s) of "${topic}" in ${timeoutMs} ms`,
        );
      }
      for (const message of await reader.poll(1_000, 500)) {
        if (message.offset !== assign.get(message.partition)) continue;
        last.set(
          message.partition,
          decodeListeningMessage({ value: message.value }),
        );
      }
    }
  } finally {
    await reader.close();
  }
  return { last, counts };
}

/**
 * Finds, per partition, how many of the file's records are already in the
 * topic, reading the file once.
 *
 * @param client The cluster.
 * @param topic The topic the file was (partly) replayed into.
 * @param records The file's records, from the start.
 * @param options How long to wait for the last messages (default 30 s).
 * @returns One point per partition that holds messages.
 * @throws {ResumeMismatchError} When a partition's last record is not in
 *   the file (the topic holds other data), or is in it more than once and
 *   the partition's message count does not say which.
 */
export async function findResumePoints(
  client: KafkaClient,
  topic: string,
  records: RecordSource,
  options: { timeoutMs?: number } = {},
): Promise<ResumePoint[]> {
  const { last, counts } = await lastRecords(
    client,
    topic,
    options.timeoutMs ?? 30_000,
  );
  const seen = new Map<number, number>();
  const found = new Map<number, number[]>();
  for await (const record of each(records)) {
    const partition = personalityIndex(record.personality);
    const index = seen.get(partition) ?? 0;
    seen.set(partition, index + 1);
    const target = last.get(partition);
    if (target && sameRecord(record, target)) {
      found.set(partition, [...(found.get(partition) ?? []), index]);
    }
  }
  const points: ResumePoint[] = [];
  for (const [partition, target] of last) {
    const messages = counts.get(partition) ?? 0;
    const at = found.get(partition) ?? [];
    const index = at.length === 1 ? at[0] : at.find((i) => i === messages - 1);
    if (index === undefined) {
      throw new ResumeMismatchError(
        at.length === 0
          ? `partition ${partition} of "${topic}" ends with record ${
            idOf(target)
          }, which is not in the file: the topic holds other data, so this file cannot be resumed there`
          : `partition ${partition} of "${topic}" ends with record ${
            idOf(target)
          }, which is in the file ${at.length} times: cannot tell where to resume`,
      );
    }
    points.push({ partition, messages, skip: index + 1 });
  }
  return points.sort((a, b) => a.partition - b.partition);
}

/**
 * The records of a replay that are not yet in the topic: per partition,
 * the first `skip` records of the file are left out.
 *
 * @param records The file's records, from the start (the same order as
 *   given to {@linkcode findResumePoints}).
 * @param points From {@linkcode findResumePoints}.
 * @param onSkipped Told the count of records left out, once at the end.
 * @returns The remaining records, in file order.
 */
export async function* skipProduced(
  records: RecordSource,
  points: readonly ResumePoint[],
  onSkipped?: (count: number) => void,
): AsyncIterable<ListeningRecord[]> {
  const left = new Map(points.map((p) => [p.partition, p.skip]));
  let skipped = 0;
  for await (const item of records) {
    const chunk = Array.isArray(item)
      ? item as ListeningRecord[]
      : [item as ListeningRecord];
    const kept: ListeningRecord[] = [];
    for (const record of chunk) {
      const partition = personalityIndex(record.personality);
      const skip = left.get(partition) ?? 0;
      if (skip > 0) {
        left.set(partition, skip - 1);
        skipped++;
      } else kept.push(record);
    }
    if (kept.length > 0) yield kept;
  }
  onSkipped?.(skipped);
}
