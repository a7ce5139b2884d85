/**
 * A queue's report as one table row, and the check that every queue holds
 * exactly the records of its topic partition (partition = personality).
 *
 * @module
 */
import { personalityIndex } from "../personalities/mod.ts";
import type { QueueReport } from "./read_queue.ts";

/** One personality's statistics as a table row. */
export interface StatisticsRow {
  personality: string;
  events: number;
  plays: number;
  users: number;
  /** The song with most events (every interaction, as the original counted). */
  "top song (events)": string;
  "top artist (events)": string;
  "top genre (events)": string;
  "listened (min)": number;
  "avg listened (s)": number;
  /** Records delivered more than once and counted once. */
  duplicates: number;
}

/**
 * A queue's report as a row.
 *
 * @param report From `queueStatistics` or `readQueue`.
 * @returns The row.
 */
export function statisticsRow(report: QueueReport): StatisticsRow {
  const s = report.statistics;
  const song = s.topSongs[0];
  return {
    personality: report.personality,
    events: s.events,
    plays: s.plays,
    users: s.users,
    "top song (events)": song ? `${song.song_name} · ${song.artist}` : "",
    "top artist (events)": s.topArtists[0]?.name ?? "",
    "top genre (events)": s.topGenres[0]?.name ?? "",
    "listened (min)": s.listenedMinutes,
    "avg listened (s)": s.avgListenedSeconds,
    duplicates: report.duplicates,
  };
}

/** One row of {@linkcode queuesVsPartitions}. */
export interface QueueCheckRow {
  personality: string;
  "in the topic": number;
  "read from the queue": number;
  equal: "yes" | "NO";
}

/**
 * Compares the distinct records read from each queue with the messages of
 * the personality's partition.
 *
 * @param reports One per personality (drained).
 * @param partitions The topic's offsets (`topicEndOffsets`).
 * @returns One row per report.
 */
export function queuesVsPartitions(
  reports: readonly QueueReport[],
  partitions: readonly { partition: number; low: number; high: number }[],
): QueueCheckRow[] {
  return reports.map((report) => {
    const index = personalityIndex(report.personality);
    const p = partitions.find((o) => o.partition === index);
    const inTopic = p ? p.high - p.low : 0;
    const fromQueue = report.statistics.events;
    return {
      personality: report.personality,
      "in the topic": inTopic,
      "read from the queue": fromQueue,
      equal: inTopic === fromQueue ? "yes" : "NO",
    };
  });
}
