/**
 * Small shared mechanisms: waiting with a deadline, retrying with backoff,
 * instrumentation events, the tail of a log file and command-line value
 * parsers.
 *
 * @module
 */
export { WaitTimeoutError, waitUntil } from "./wait_until.ts";
export type { WaitUntilOptions } from "./wait_until.ts";
export { Instrumentation } from "./instrumentation.ts";
export type { InstrumentationListener } from "./instrumentation.ts";
export { tailLines } from "./tail_lines.ts";
export { pathExists } from "./path_exists.ts";
export { type Duration, durationMs } from "./duration.ts";
export { printable, printableJson } from "./printable.ts";
export { hasRetriableFlag, withRetry } from "./with_retry.ts";
export type { GiveUp, RetryOptions } from "./with_retry.ts";
export {
  nonNegativeInteger,
  oneOf,
  partitionList,
  positiveInteger,
  positiveNumber,
} from "./option_parsers.ts";
export type { OptionParser } from "./option_parsers.ts";
