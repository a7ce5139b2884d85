/**
 * Reads a listening topic once from the beginning with a consumer group and
 * checks its layout: every record on the partition of its personality. Keeps
 * a small sample of records from the start of the partitions.
 *
 * @module
 */
import { PERSONALITIES } from "../personalities/mod.ts";
import type { ListeningRecord } from "../schema/mod.ts";
import { consumeListening } from "./consume_listening.ts";
import type { KafkaClient } from "./create_kafka.ts";

/** Options of {@linkcode checkTopic}. */
export interface CheckTopicOptions {
  /** The consumer group (its offsets are committed). Required. */
  groupId: string;
  /** The topic. Required. */
  topic: string;
  /** Records kept for showing, from offsets 0 and 1 of the partitions. Default 8. */
  sample?: number;
}

/** What {@linkcode checkTopic} read. */
export interface TopicCheck {
  /** Records read. */
  records: number;
  /** Seconds from start to end, connecting and joining the group included. */
  seconds: number;
  /** Why it stopped (the consumer's `stoppedBy`). */
  stoppedBy: string;
  /** Records whose personality is not the one of their partition. */
  misplaced: number;
  /** Messages that did not decode (sent to the dead-letter topic). */
  undecodable: number;
  /** The sample, ordered by partition and offset. */
  sample: (Record<string, string | number> & { partition: number })[];
}

function sampleRow(partition: number, offset: number, r: ListeningRecord) {
  return {
    partition,
    offset,
    personality: r.personality,
    user_id: r.user_id,
    country: r.user_location.country,
    interaction: r.interaction,
    song_name: r.song_name,
    artist: r.artist,
    start_time: new Date(r.listening_time.start_time).toISOString(),
  };
}

/**
 * Consumes the topic to its end offsets as of the start and checks it.
 *
 * @param client The Kafka cluster.
 * @param options Group, topic, sample size.
 * @returns Counts, the check and the sample.
 */
export async function checkTopic(
  client: KafkaClient,
  options: CheckTopicOptions,
): Promise<TopicCheck> {
  const { sample: size = 8 } = options;
  const sample: TopicCheck["sample"] = [];
  let misplaced = 0;
  const started = performance.now();
  const consumed = await consumeListening(client, {
    groupId: options.groupId,
    topic: options.topic,
    fromBeginning: true,
    once: true,
    onBatch: ({ partition, records, offsets }) => {
      records.forEach((record, i) => {
        if (record.personality !== PERSONALITIES[partition]?.name) misplaced++;
        if (sample.length < size && offsets[i] < 2) {
          sample.push(sampleRow(partition, offsets[i], record));
        }
      });
    },
  });
  sample.sort((a, b) =>
    a.partition - b.partition || Number(a.offset) - Number(b.offset)
  );
  return {
    records: consumed.records,
    seconds: (performance.now() - started) / 1000,
    stoppedBy: String(consumed.stoppedBy),
    misplaced,
    undecodable: consumed.undecodable,
    sample,
  };
}
