/**
 * The engine's injected dependencies besides source and sinks: a clock
 * (processing time) and a structured logger.
 *
 * @module
 */

/** Processing time, injectable so tests control idle timeouts. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Log levels, lowest first. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** A structured logger: a message and optional fields. */
export interface Logger {
  /** Logs at `level`. */
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}

const LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];

/**
 * A logger writing `level message {fields}` lines to stderr.
 *
 * @param minLevel Lowest level written. Default `"info"`.
 * @returns The logger.
 */
export function consoleLogger(minLevel: LogLevel = "info"): Logger {
  const min = LEVELS.indexOf(minLevel);
  if (min < 0) {
    throw new RangeError(
      `log level must be one of ${LEVELS.join(", ")}: got ${
        JSON.stringify(minLevel)
      }`,
    );
  }
  return {
    log(level, message, fields) {
      if (LEVELS.indexOf(level) < min) return;
      const extra = fields && Object.keys(fields).length > 0
        ? ` ${JSON.stringify(fields)}`
        : "";
      console.error(`${level.padEnd(5)} ${message}${extra}`);
    },
  };
}

/** A logger that discards everything. */
export const silentLogger: Logger = { log() {} };
