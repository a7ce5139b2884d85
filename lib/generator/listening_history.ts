/**
 * The generator's public entry points: records as a sync or async
 * iterable, an array, or an Avro file.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { type AvroCodec, writeAvroFile } from "../avro/mod.ts";
import type { ListeningRecord } from "../schema/mod.ts";
import { INTERACTIONS } from "./interactions.ts";
import { LISTENING_MODEL } from "./listening_model.ts";
import {
  type GeneratorOptions,
  type ResolvedGeneratorOptions,
  resolveGeneratorOptions,
} from "./generator_options.ts";
import { SeededRandom } from "./seeded_random.ts";
import { createEventSource, type EventView } from "./_event_source.ts";
import type { UserStream } from "./_user_stream.ts";
import { RecordFragments } from "./_record_fragments.ts";

/** Options of {@linkcode listeningHistory}. */
export interface ListeningHistoryOptions {
  /**
   * Yield one mutable record object per user, overwritten by that user's
   * next event (fast, no allocation per event; consume each record before
   * pulling the next). Default `false`: a fresh object per record.
   */
  reuseRecords?: boolean;
}

/**
 * Generates listening history as a synchronous iterable of records in
 * non-decreasing `start_time` order (or within `maxDisorderMs` of it).
 * Memory is bounded by the number of users, not of events.
 *
 * @example
 * ```ts
 * for (const record of listeningHistory({ users: 10, seed: 7 })) {
 *   console.log(record.user_id, record.song_name);
 * }
 * ```
 *
 * @param options What to generate; see {@linkcode GeneratorOptions}.
 * @param iterOptions Whether to reuse record objects.
 * @returns The records.
 * @throws {RangeError|TypeError} For invalid options (eagerly).
 */
export function listeningHistory(
  options: GeneratorOptions = {},
  iterOptions: ListeningHistoryOptions = {},
): IterableIterator<ListeningRecord> {
  const resolved = resolveGeneratorOptions(options);
  return records(resolved, iterOptions.reuseRecords ?? false);
}

function* records(
  options: ResolvedGeneratorOptions,
  reuse: boolean,
): Generator<ListeningRecord> {
  const source = createEventSource(options);
  const songs = options.catalog.songs;
  const templates: (ListeningRecord | undefined)[] = new Array(
    source.users.length,
  );
  for (let event = source.next(); event; event = source.next()) {
    if (reuse) {
      const user = event.stream;
      const record = templates[user.index] ??= recordOf(user, event, songs);
      fill(record, event, songs);
      yield record;
    } else {
      yield recordOf(event.stream, event, songs);
    }
  }
}

function recordOf(
  user: UserStream,
  event: EventView,
  songs: ResolvedGeneratorOptions["catalog"]["songs"],
): ListeningRecord {
  const song = songs[event.song];
  return {
    user_id: user.userId,
    user_location: {
      latitude: user.place.latitude,
      longitude: user.place.longitude,
      country: user.place.country,
      city: user.place.city,
      timezone: user.place.timezone,
    },
    interaction: INTERACTIONS[event.interaction],
    song_name: song.title,
    artist: song.artist,
    genre: song.genre,
    year: song.year,
    popularity: song.popularity,
    danceability: song.danceability,
    energy: song.energy,
    length_seconds: song.lengthSeconds,
    listening_time: { start_time: event.start, end_time: event.end },
    personality: user.personality.name,
  };
}

function fill(
  record: ListeningRecord,
  event: EventView,
  songs: ResolvedGeneratorOptions["catalog"]["songs"],
): void {
  const song = songs[event.song];
  record.interaction = INTERACTIONS[event.interaction];
  record.song_name = song.title;
  record.artist = song.artist;
  record.genre = song.genre;
  record.year = song.year;
  record.popularity = song.popularity;
  record.danceability = song.danceability;
  record.energy = song.energy;
  record.length_seconds = song.lengthSeconds;
  record.listening_time.start_time = event.start;
  record.listening_time.end_time = event.end;
}

/**
 * Generates listening history as an async iterable of fresh records (for
 * notebooks and producers that await per record or batch).
 *
 * @param options What to generate.
 * @returns The records.
 * @throws {RangeError|TypeError} For invalid options (eagerly).
 */
export function generateListeningHistory(
  options: GeneratorOptions = {},
): AsyncIterable<ListeningRecord> {
  const iterator = listeningHistory(options);
  return {
    async *[Symbol.asyncIterator]() {
      yield* iterator;
    },
  };
}

/**
 * Generates listening history into an array (for small runs).
 *
 * @param options What to generate.
 * @returns All records, in output order.
 * @throws {RangeError|TypeError} For invalid options.
 */
export function generateToArray(
  options: GeneratorOptions = {},
): ListeningRecord[] {
  return [...listeningHistory(options)];
}

/** Options of {@linkcode generateToFile}. */
export interface GenerateToFileOptions {
  /** Block compression. Default `"null"`. */
  codec?: AvroCodec;
  /**
   * zlib level for `deflate`, 0–9. Default 1: about 2.5× as fast as
   * level 6 on these records, for files ~25 % larger.
   */
  deflateLevel?: number;
  /** Called now and then with the number of events written so far. */
  onProgress?: (events: number) => void;
  /** Aborts; no file is left behind. */
  signal?: AbortSignal;
}

/** What {@linkcode generateToFile} did. */
export interface GenerateSummary {
  /** The Avro file. */
  path: string;
  /** Records written. */
  events: number;
  /** Users generated. */
  users: number;
  /** File size in bytes. */
  bytes: number;
  /** Wall time in seconds. */
  seconds: number;
  /** Events per second. */
  eventsPerSecond: number;
}

/**
 * Generates listening history into an Avro Object Container File. The
 * file appears only when complete (see `writeAvroFile`); the same options
 * give a byte-identical file.
 *
 * @param path The output file (parent directories are created).
 * @param options What to generate.
 * @param fileOptions Codec, progress and abort.
 * @returns Counts, size and speed.
 * @throws {RangeError|TypeError} For invalid options.
 * @throws {Error} When the file cannot be written.
 */
export async function generateToFile(
  path: string,
  options: GeneratorOptions = {},
  fileOptions: GenerateToFileOptions = {},
): Promise<GenerateSummary> {
  const started = performance.now();
  const resolved = resolveGeneratorOptions(options);
  const syncRandom = new SeededRandom(resolved.seed).split();
  const sync = Buffer.alloc(16);
  for (let i = 0; i < 16; i += 4) {
    sync.writeUInt32LE(syncRandom.int(4294967296), i);
  }
  const { onProgress } = fileOptions;
  const source = createEventSource(resolved);
  const fragments = new RecordFragments(resolved.catalog, source.users);
  const events: Iterable<EventView> = {
    [Symbol.iterator]: () => {
      // One result object, reused: for-of reads it before the next call.
      const result = { value: undefined as unknown as EventView, done: false };
      return {
        next: () => {
          const value = source.next();
          if (value) result.value = value;
          else result.done = true;
          return result;
        },
      };
    },
  };
  const result = await writeAvroFile(path, events, {
    codec: fileOptions.codec ?? "null",
    deflateLevel: fileOptions.deflateLevel ?? 1,
    syncMarker: sync,
    encode: (event, buf, pos) => fragments.encode(event, buf, pos),
    blockSizeBytes: 1024 * 1024,
    signal: fileOptions.signal,
    onProgress: onProgress ? (n) => onProgress(n) : undefined,
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    path,
    events: result.records,
    users: resolved.users,
    bytes: result.bytes,
    seconds,
    eventsPerSecond: result.records / Math.max(seconds, 1e-9),
  };
}

/**
 * A rough estimate of how many events the options produce (for progress
 * bars): session time divided by the mean time per event.
 *
 * @param options What would be generated.
 * @returns The estimated number of events.
 */
export function estimateEventCount(options: GeneratorOptions = {}): number {
  const o = resolveGeneratorOptions(options);
  const songs = o.catalog.songs;
  const meanMs = songs.reduce((s, x) => s + x.lengthSeconds, 0) /
    songs.length * 1000;
  const w = o.interactionWeights;
  const total = INTERACTIONS.reduce((s, n) => s + w[n], 0);
  const perEventMs = 1000 + (
        (w.played + w.added_to_playlist + w.repeated) * meanMs +
        w.paused * (0.575 * meanMs + 152_500) +
        w.skipped * 0.2 * meanMs
      ) / total;
  const { medianMinutes, sigma } = LISTENING_MODEL.session;
  const sessionMs = o.sessionHours
    ? (o.sessionHours[0] + o.sessionHours[1]) / 2 * 3_600_000
    : medianMinutes * Math.exp(sigma * sigma / 2) * 60_000;
  return Math.round(
    o.users * o.sessionsPerUser * (sessionMs / perEventMs + 0.5),
  );
}
