/**
 * What the streams over listening records (the analysis, Wrapped) share:
 * the clock options and the running stream handed back to callers.
 *
 * @module
 */
import type {
  RunningStream,
  StreamOptions,
  StreamSummary,
} from "../engine/mod.ts";
import type { TimeZoneMode } from "./time_of_day.ts";
import type { TimeZoneOffsets } from "./time_zone_offsets.ts";

/** Options of a stream over listening records. */
export interface ListeningStreamOptions extends StreamOptions {
  /** Local dates and times in the listener's zone or in UTC. Default `"local"`. */
  tz?: TimeZoneMode;
  /** Offset memo (shared with other computations). Default: a new one. */
  offsets?: TimeZoneOffsets;
}

/** A running stream over listening records. */
export interface ListeningStream extends RunningStream {
  /** Zone names seen that are not IANA zones (read as UTC). */
  readonly unknownZones: ReadonlySet<string>;
}

/** Options of {@linkcode listeningStream}. */
export interface ListeningStreamParts {
  /** Resolves when the stream stopped and its results are written. */
  done: Promise<StreamSummary>;
  /** The offset memo the queries use. */
  offsets: TimeZoneOffsets;
  /** Called when a caller asks the stream to stop. */
  onStop?: () => void;
}

/**
 * The caller's view of a started engine stream: its own `done` (the
 * engine's, then the results written), progress, unknown zones, `stop()`.
 *
 * @param stream The engine stream (`startStream`).
 * @param parts What the caller adds.
 * @returns The stream; extend it with the caller's tables.
 */
export function listeningStream(
  stream: RunningStream,
  parts: ListeningStreamParts,
): ListeningStream {
  const { done, offsets, onStop } = parts;
  return {
    done,
    instrumentation: stream.instrumentation,
    get lastProgress() {
      return stream.lastProgress;
    },
    unknownZones: offsets.unknownZones,
    stop: () => {
      onStop?.();
      return stream.stop().then(() => done);
    },
  };
}
