/**
 * The chaos harness's checks, independent of the components under test:
 * the topic read back by explicit assignment and decoded record by
 * record, the result tables against a batch computation over the input
 * (every analysis on all records in one batch, in memory: no Kafka, no
 * checkpoint, nothing late), and the queues' distinct records per
 * personality.
 *
 * @module
 */
import { analyzeOnce, readTableFiles, TABLE_NAMES } from "../analysis/mod.ts";
import { memorySource } from "../engine/mod.ts";
import { LISTENING_COLUMNS } from "../sources/mod.ts";
import {
  createKafka,
  decodeListeningMessage,
  openKafkaReader,
  topicEndOffsets,
} from "../kafka/mod.ts";
import { recordId } from "../queues/mod.ts";
import type { ListeningRecord } from "../schema/mod.ts";
import { isDeepStrictEqual } from "node:util";

/** What one check found. */
export interface CheckResult {
  /** Records of the input missing. */
  lost: number;
  /** Records present more than once (beyond the first). */
  duplicates: number;
  /** A short account. */
  detail: string;
}

/**
 * Reads the whole topic back (no group) and compares its valid records
 * with the input: each exactly once.
 *
 * @param records The input.
 * @param options Topic and brokers (`KAFKA_BROKERS` form).
 */
export async function checkTopic(
  records: readonly ListeningRecord[],
  options: { topic: string; brokers: string },
): Promise<CheckResult> {
  const client = createKafka({ brokers: options.brokers.split(",") });
  const ends = await client.withAdmin((a) => topicEndOffsets(a, options.topic));
  const reader = await openKafkaReader(client, {
    topic: options.topic,
    assign: new Map(ends.map((e) => [e.partition, e.low])),
  });
  const seen = new Map<string, number>();
  let garbage = 0;
  try {
    const total = ends.reduce((n, e) => n + e.high - e.low, 0);
    const deadline = Date.now() + 120_000;
    for (let read = 0; read < total;) {
      if (Date.now() > deadline) {
        throw new Error(`read ${read} of ${total} messages back in 120 s`);
      }
      for (const m of await reader.poll(10_000, 1_000)) {
        read++;
        try {
          const record = decodeListeningMessage({
            value: m.value,
            headers: Object.fromEntries(
              m.headers.map(([k, v]) => [String(k ?? ""), v ?? undefined]),
            ),
          });
          const id = recordId(record);
          seen.set(id, (seen.get(id) ?? 0) + 1);
        } catch {
          garbage++;
        }
      }
    }
  } finally {
    await reader.close();
  }
  return compareIds(records, seen, `${garbage} garbage messages skipped`);
}

function compareIds(
  records: readonly ListeningRecord[],
  seen: Map<string, number>,
  note: string,
): CheckResult {
  let lost = 0;
  let duplicates = 0;
  for (const record of records) {
    const n = seen.get(recordId(record)) ?? 0;
    if (n === 0) lost++;
    if (n > 1) duplicates += n - 1;
  }
  return {
    lost,
    duplicates,
    detail: `${seen.size} distinct records, ${note}`,
  };
}

/**
 * Compares the result tables with a batch computation over the input.
 *
 * @param records The input.
 * @param outDir The tables `analyze` wrote.
 * @returns `duplicates` counts tables that differ (too many events),
 *   `lost` tables with too few.
 */
export async function checkTables(
  records: readonly ListeningRecord[],
  outDir: string,
): Promise<CheckResult> {
  const source = memorySource(records, { columns: LISTENING_COLUMNS });
  const { rows: expected } = await analyzeOnce(source, {
    maxRecordsPerBatch: Math.max(1, records.length),
  });
  const actual = readTableFiles(outDir);
  const events = (rows: { events?: number }[]) =>
    rows.reduce((n, r) => n + (r.events ?? 0), 0);
  let lost = 0;
  let duplicates = 0;
  const differing: string[] = [];
  for (const name of TABLE_NAMES) {
    if (isDeepStrictEqual(actual[name], expected[name])) continue;
    differing.push(name);
  }
  const have = events(actual.top_countries_per_personality);
  const want = events(expected.top_countries_per_personality);
  if (have < want) lost = want - have;
  if (have > want) duplicates = have - want;
  if (differing.length > 0 && lost === 0 && duplicates === 0) duplicates = 1;
  return {
    lost,
    duplicates,
    detail: differing.length === 0
      ? `all ${TABLE_NAMES.length} tables equal the batch computation`
      : `differ from the batch computation: ${differing.join(", ")}`,
  };
}

/**
 * Compares what `queue-stats --drain --json` counted per personality with
 * the input: every record in its queue (counted once however often it was
 * delivered).
 *
 * @param records The input.
 * @param reports The parsed JSON of `queue-stats --drain --json`.
 */
export function checkQueues(
  records: readonly ListeningRecord[],
  reports: {
    personality: string;
    duplicates: number;
    statistics: { events: number };
  }[],
): CheckResult {
  const want = new Map<string, number>();
  for (const r of records) {
    want.set(r.personality, (want.get(r.personality) ?? 0) + 1);
  }
  let lost = 0;
  let extra = 0;
  let redelivered = 0;
  for (const report of reports) {
    const expected = want.get(report.personality) ?? 0;
    const got = report.statistics.events;
    if (got < expected) lost += expected - got;
    if (got > expected) extra += got - expected;
    redelivered += report.duplicates;
  }
  return {
    lost,
    duplicates: extra,
    detail:
      `${redelivered} redelivered copies counted once by queue-stats --drain`,
  };
}
