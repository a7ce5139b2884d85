/**
 * `deno task queue-stats`: per-personality statistics from the Azure
 * queues — events, top songs, artists and genres, total and average
 * listening time. `--peek` (default) leaves the queues untouched;
 * `--drain` receives, processes and deletes every message, counting each
 * record once even when redelivery duplicated it.
 *
 * @module
 */
import { Command } from "commander";
import Table from "cli-table3";
import { personalityByName } from "../personalities/mod.ts";
import {
  connectQueueService,
  DEFAULT_QUEUE_PREFIX,
  MAX_MESSAGES_PER_RECEIVE,
  queueStatistics,
  validateQueuePrefix,
} from "../queues/mod.ts";
import type { QueueEvents, QueueReport } from "../queues/mod.ts";
import { Instrumentation, printable } from "../support/mod.ts";
import { oneOf, positiveInteger, runCli, startProgress } from "./mod.ts";

interface Options {
  personality?: string;
  peek: boolean;
  drain: boolean;
  prefix: string;
  top: number;
  foreign: "poison" | "leave";
  json: boolean;
  maxRetryMs: number;
}

/** Names from the data, with control characters shown as escapes. */
const cell: (text: string) => string = printable;

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits });

function summaryTable(reports: QueueReport[]): string {
  const table = new Table({
    head: [
      "personality",
      "queue",
      "~queued",
      "read",
      "events",
      "dupes",
      "foreign",
      "listened min",
      "avg s",
      "top song",
      "top artist",
      "top genre",
    ],
    colAligns: [
      "left",
      "left",
      "right",
      "right",
      "right",
      "right",
      "right",
      "right",
      "right",
    ],
    style: { head: [], border: [], compact: true },
  });
  for (const r of reports) {
    const s = r.statistics;
    table.push([
      r.personality,
      r.exists ? r.queue : `${r.queue} (missing)`,
      fmt(r.approximateMessages),
      fmt(r.messagesRead),
      fmt(s.events),
      fmt(r.duplicates),
      fmt(r.foreign.length),
      fmt(s.listenedMinutes, 1),
      fmt(s.avgListenedSeconds, 1),
      s.topSongs[0]
        ? cell(
          `${s.topSongs[0].song_name} — ${s.topSongs[0].artist} (${
            s.topSongs[0].events
          })`,
        )
        : "",
      s.topArtists[0]
        ? cell(`${s.topArtists[0].name} (${s.topArtists[0].events})`)
        : "",
      s.topGenres[0]
        ? cell(`${s.topGenres[0].name} (${s.topGenres[0].events})`)
        : "",
    ]);
  }
  return table.toString();
}

function topTables(report: QueueReport): string {
  const s = report.statistics;
  const table = new Table({
    head: [
      "rank",
      "song",
      "artist",
      "events",
      "artist",
      "events",
      "genre",
      "events",
    ],
    style: { head: [], border: [], compact: true },
  });
  const rows = Math.max(
    s.topSongs.length,
    s.topArtists.length,
    s.topGenres.length,
  );
  for (let i = 0; i < rows; i++) {
    const song = s.topSongs[i];
    const artist = s.topArtists[i];
    const genre = s.topGenres[i];
    table.push([
      i + 1,
      cell(song?.song_name ?? ""),
      cell(song?.artist ?? ""),
      song ? fmt(song.events) : "",
      cell(artist?.name ?? ""),
      artist ? fmt(artist.events) : "",
      cell(genre?.name ?? ""),
      genre ? fmt(genre.events) : "",
    ]);
  }
  return `${report.personality}: ${fmt(s.events)} events, ${
    fmt(s.plays)
  } plays, ${fmt(s.users)} users, ${
    fmt(s.listenedMinutes, 1)
  } min listened (avg ${fmt(s.avgListenedSeconds, 1)} s)\n${table.toString()}`;
}

const program = new Command("queue-stats")
  .description(
    "Statistics of each personality's Azure Storage queue (AZURE_STORAGE_CONNECTION_STRING, default the local Azurite): events, top songs, artists and genres, total and average listening time.",
  )
  .option(
    "--personality <name>",
    'one personality (e.g. "The nomad"); default all 16',
    (raw: string) => personalityByName(raw).name,
  )
  .option(
    "--peek",
    `leave the queues untouched (the service shows at most ${MAX_MESSAGES_PER_RECEIVE} messages per queue this way; default)`,
    false,
  )
  .option(
    "--drain",
    "receive, process and delete every message; duplicates are counted once",
    false,
  )
  .option(
    "--prefix <prefix>",
    "queue name prefix",
    validateQueuePrefix,
    DEFAULT_QUEUE_PREFIX,
  )
  .option("--top <n>", "length of the top lists", positiveInteger("--top"), 5)
  .option(
    "--foreign <action>",
    "with --drain, messages that are not ours: poison (move to <queue>-poison) or leave",
    oneOf("--foreign", ["poison", "leave"] as const),
    "poison",
  )
  .option("--json", "print the reports as JSON", false)
  .option(
    "--max-retry-ms <ms>",
    "keep retrying a failing request this long",
    positiveInteger("--max-retry-ms"),
    60_000,
  )
  .action(async (options: Options) => {
    if (options.peek && options.drain) {
      throw new TypeError("--peek and --drain cannot be used together");
    }
    const mode = options.drain ? "drain" : "peek";
    const service = connectQueueService();
    const events = new Instrumentation<QueueEvents>();
    events.on("queues.foreign_message", (e) =>
      console.error(
        `${e.queue}: message ${e.messageId} is not ours (${
          printable(e.reason)
        }); ${
          e.action === "moved" ? "moved to the poison queue" : "left in place"
        }`,
      ));
    const personalities = options.personality
      ? [options.personality]
      : undefined;
    const progress = startProgress(`queue-stats ${mode}`, 1, {
      unit: "messages",
    });
    let read = 0;
    const reports = await queueStatistics(service, {
      personalities,
      prefix: options.prefix,
      mode,
      topN: options.top,
      foreign: options.foreign,
      maxRetryMs: options.maxRetryMs,
      events,
      onProgress: () => progress.update(++read),
    }).finally(() => progress.stop());
    if (options.json) {
      console.log(JSON.stringify(reports, null, 2));
    } else {
      console.log(summaryTable(reports));
      if (reports.length === 1) console.log(topTables(reports[0]));
    }
    const total = (f: (r: QueueReport) => number) =>
      reports.reduce((sum, r) => sum + f(r), 0);
    const peekNote = mode === "peek" &&
        reports.some((r) => r.approximateMessages > r.messagesRead)
      ? ` — peek saw ${fmt(total((r) => r.messagesRead))} of about ${
        fmt(total((r) => r.approximateMessages))
      } messages; --drain reads them all`
      : "";
    // With --json, stdout carries the JSON alone.
    const say = options.json ? console.error : console.log;
    say(
      `${
        mode === "peek" ? "peeked" : "drained"
      } ${reports.length} queue(s) at ${service.endpoint}: ${
        fmt(total((r) => r.statistics.events))
      } distinct records from ${fmt(total((r) => r.messagesRead))} messages, ${
        fmt(total((r) => r.duplicates))
      } duplicates removed, ${
        fmt(total((r) => r.foreign.length))
      } foreign${peekNote}`,
    );
  });

if (import.meta.main) await runCli(program);
